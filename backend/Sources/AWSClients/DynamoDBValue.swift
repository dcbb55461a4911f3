/// A DynamoDB attribute value in the JSON protocol's form: `{"S":…}`, `{"N":…}`, `{"L":[…]}` and so on.
public indirect enum DynamoDBValue: Codable, Sendable, Equatable {
    /// A string.
    case s(String)
    /// A number, as its decimal text.
    case n(String)
    /// A boolean.
    case bool(Bool)
    /// Null.
    case null
    /// A list.
    case l([DynamoDBValue])
    /// A map.
    case m([String: DynamoDBValue])
    /// A string set.
    case ss([String])

    private enum CodingKeys: String, CodingKey {
        case s = "S"
        case n = "N"
        case bool = "BOOL"
        case null = "NULL"
        case l = "L"
        case m = "M"
        case ss = "SS"
    }

    /// Decodes the one key that is present.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        if let value = try container.decodeIfPresent(String.self, forKey: .s) {
            self = .s(value)
        } else if let value = try container.decodeIfPresent(String.self, forKey: .n) {
            self = .n(value)
        } else if let value = try container.decodeIfPresent(Bool.self, forKey: .bool) {
            self = .bool(value)
        } else if container.contains(.null) {
            self = .null
        } else if let value = try container.decodeIfPresent([DynamoDBValue].self, forKey: .l) {
            self = .l(value)
        } else if let value = try container.decodeIfPresent([String: DynamoDBValue].self, forKey: .m) {
            self = .m(value)
        } else if let value = try container.decodeIfPresent([String].self, forKey: .ss) {
            self = .ss(value)
        } else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "unsupported attribute value"))
        }
    }

    /// Encodes as the one key of its kind.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .s(let value): try container.encode(value, forKey: .s)
        case .n(let value): try container.encode(value, forKey: .n)
        case .bool(let value): try container.encode(value, forKey: .bool)
        case .null: try container.encode(true, forKey: .null)
        case .l(let value): try container.encode(value, forKey: .l)
        case .m(let value): try container.encode(value, forKey: .m)
        case .ss(let value): try container.encode(value, forKey: .ss)
        }
    }

    /// The string, if this is `S`.
    public var string: String? {
        if case .s(let value) = self { return value }
        return nil
    }

    /// The integer, if this is an integral `N`.
    public var int: Int? {
        if case .n(let value) = self { return Int(value) }
        return nil
    }

    /// The strings of an `L` of `S` or of an `SS`.
    public var strings: [String]? {
        switch self {
        case .l(let values):
            let strings = values.compactMap(\.string)
            return strings.count == values.count ? strings : nil
        case .ss(let values): return values
        default: return nil
        }
    }
}

/// An item: attribute names to values.
public typealias DynamoDBItem = [String: DynamoDBValue]
