import Foundation

/// The identities known during one read or apply, shared by its concurrent steps.
public final class IdentityStore: @unchecked Sendable {
    private let lock = NSLock()
    private var identities: [ResourceAddress: ResourceIdentity]

    /// Creates a store, optionally seeded (from a plan's observed resources).
    public init(_ identities: [ResourceAddress: ResourceIdentity] = [:]) { self.identities = identities }

    /// The identity of a resource, when known.
    public subscript(_ address: ResourceAddress) -> ResourceIdentity? {
        get { lock.withLock { identities[address] } }
        set { lock.withLock { identities[address] = newValue } }
    }

    /// Everything known.
    public var all: [ResourceAddress: ResourceIdentity] { lock.withLock { identities } }
}

/// Answers of list calls that several resources read from (an API's routes, a function's policy), read once.
public final class ReadCache: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [String: any Sendable] = [:]

    /// Creates an empty cache.
    public init() {}

    /// The cached answer for `key`, or `read()`'s, remembered.
    public func memo<T: Sendable>(_ key: String, _ read: () async throws -> T) async throws -> T {
        // Unwrap the entry first: a missing entry cast to an optional `T` would pass as a cached nil.
        if let entry = lock.withLock({ values[key] }), let known = entry as? T { return known }
        let value = try await read()
        lock.withLock { values[key] = value }
        return value
    }

    /// Forgets `key` (after a write that changed the answer).
    public func forget(_ key: String) { _ = lock.withLock { values.removeValue(forKey: key) } }
}
