import Yams

/// A YAML value written as JSON text (a schedule's payload): compact, object keys sorted, so that the same
/// hoist.yml always gives the same text and a plan compares it exactly. Pure.
enum ConfigPayload {
    /// The JSON text of `node`.
    static func json(_ node: Node) -> String { value(node).compactJSON }

    /// The JSON value of a YAML node, scalars by their resolved tag.
    static func value(_ node: Node) -> JSONValue {
        switch node {
        case .mapping(let mapping):
            return .object(
                Dictionary(
                    mapping.map { ($0.key.string ?? "", value($0.value)) }, uniquingKeysWith: { first, _ in first }))
        case .sequence(let sequence):
            return .array(sequence.map(value))
        case .scalar(let scalar):
            switch ConfigReader.tagName(node) {
            case .null: return .null
            case .bool: return .bool(node.bool ?? false)
            case .int: return node.int.map { .number(Double($0)) } ?? .string(scalar.string)
            case .float: return node.float.map { .number($0) } ?? .string(scalar.string)
            default: return .string(scalar.string)
            }
        }
    }
}
