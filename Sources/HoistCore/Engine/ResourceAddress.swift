/// `kind.name`: one resource of a deployment, unique within it.
public struct ResourceAddress: Hashable, Sendable, Comparable, CustomStringConvertible, Codable,
    ExpressibleByStringInterpolation
{
    /// The kind.
    public var kind: ResourceKind
    /// The name within the kind (function name, route key, statement id…).
    public var name: String

    /// Creates an address.
    public init(_ kind: ResourceKind, _ name: String) {
        self.kind = kind
        self.name = name
    }

    /// Parses `kind.name` (the name may contain dots; the kind never does).
    public init?(parsing text: String) {
        guard let dot = text.firstIndex(of: "."), dot != text.startIndex else { return nil }
        self.init(ResourceKind(String(text[..<dot])), String(text[text.index(after: dot)...]))
    }

    /// An address written as `"kind.name"` (tests and fixed references).
    public init(stringLiteral value: String) {
        self = ResourceAddress(parsing: value) ?? ResourceAddress(ResourceKind(value), "")
    }

    /// `kind.name`.
    public var description: String { "\(kind.rawValue).\(name)" }

    /// Kind order first, then name.
    public static func < (lhs: ResourceAddress, rhs: ResourceAddress) -> Bool {
        (lhs.kind, lhs.name) < (rhs.kind, rhs.name)
    }

    /// Encoded as its text.
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let address = ResourceAddress(parsing: text) else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "not a resource address: \(text)"))
        }
        self = address
    }

    /// Encoded as its text.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

extension ResourceAddress {
    /// Compares with the text form, so `address == "function.movies-api-dev"` reads as it looks.
    public static func == (lhs: ResourceAddress, rhs: String) -> Bool { lhs.description == rhs }
}
