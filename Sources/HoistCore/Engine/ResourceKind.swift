/// A kind of resource hoist manages; each kind has exactly one driver (``DriverRegistry``).
///
/// A struct rather than an enum so that a new kind is declared next to its driver, in the driver's file: adding a
/// kind is that file plus one line in the registry.
public struct ResourceKind: RawRepresentable, Hashable, Sendable, Codable, Comparable, CustomStringConvertible {
    /// The name plans show (`function`, `role_policy`).
    public let rawValue: String

    /// Creates a kind.
    public init(rawValue: String) { self.rawValue = rawValue }

    /// Creates a kind.
    public init(_ rawValue: String) { self.rawValue = rawValue }

    /// The kind's name.
    public var description: String { rawValue }

    /// Creation order: the registry's order, so a fresh deploy creates buckets before artifacts before functions.
    public static func < (lhs: ResourceKind, rhs: ResourceKind) -> Bool {
        DriverRegistry.order(of: lhs) < DriverRegistry.order(of: rhs)
    }
}
