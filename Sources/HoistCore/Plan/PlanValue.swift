import Foundation

/// The value of one attribute of a resource, as a plan shows and compares it.
public indirect enum PlanValue: Sendable, Equatable, Hashable, Codable, CustomStringConvertible {
    /// Text.
    case string(String)
    /// A whole number.
    case int(Int)
    /// A flag.
    case bool(Bool)
    /// An ordered list.
    case list([PlanValue])
    /// A map with sorted keys.
    case map([String: PlanValue])
    /// A value that must never be shown; equal to any other sensitive value of the same digest.
    case sensitive(digest: String)

    /// The value as a plan shows it; sensitive values show as `(sensitive)`.
    public var description: String {
        switch self {
        case .string(let text): return text.contains(" ") || text.isEmpty ? "\"\(text)\"" : text
        case .int(let number): return String(number)
        case .bool(let flag): return flag ? "true" : "false"
        case .list(let items): return "[" + items.map(\.description).joined(separator: ", ") + "]"
        case .map(let entries):
            return "{" + entries.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", ")
                + "}"
        case .sensitive: return "(sensitive)"
        }
    }

    /// The value as JSON for the plan file; sensitive values become the string `(sensitive)`.
    public var jsonObject: Any {
        switch self {
        case .string(let text): return text
        case .int(let number): return number
        case .bool(let flag): return flag
        case .list(let items): return items.map(\.jsonObject)
        case .map(let entries): return entries.mapValues(\.jsonObject)
        case .sensitive: return "(sensitive)"
        }
    }

    /// Plain JSON, as plan files show it: sensitive values as the string `(sensitive)`, never their digest.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .string(let text): try container.encode(text)
        case .int(let number): try container.encode(number)
        case .bool(let flag): try container.encode(flag)
        case .list(let items): try container.encode(items)
        case .map(let entries): try container.encode(entries)
        case .sensitive: try container.encode(Self.hidden)
        }
    }

    /// Reads plain JSON back; `(sensitive)` becomes a sensitive value without a digest.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let flag = try? container.decode(Bool.self) {
            self = .bool(flag)
        } else if let number = try? container.decode(Int.self) {
            self = .int(number)
        } else if let text = try? container.decode(String.self) {
            self = text == Self.hidden ? .sensitive(digest: "") : .string(text)
        } else if let items = try? container.decode([PlanValue].self) {
            self = .list(items)
        } else {
            self = .map(try container.decode([String: PlanValue].self))
        }
    }

    static let hidden = "(sensitive)"

    /// A list of strings.
    public static func strings(_ values: [String]) -> PlanValue { .list(values.map(PlanValue.string)) }

    /// A map of strings.
    public static func stringMap(_ values: [String: String]) -> PlanValue { .map(values.mapValues(PlanValue.string)) }
}
