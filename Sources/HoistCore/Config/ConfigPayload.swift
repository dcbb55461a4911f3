import Yams

/// A YAML value written as JSON text (a schedule's payload): mappings with their keys sorted, so that the same
/// hoist.yml always gives the same text and a plan compares it exactly. Pure.
enum ConfigPayload {
    /// The JSON text of `node`.
    static func json(_ node: Node) -> String {
        switch node {
        case .mapping(let mapping):
            let members = mapping.map { (key: $0.key.string ?? "", value: json($0.value)) }.sorted { $0.key < $1.key }
            return "{" + members.map { quoted($0.key) + ":" + $0.value }.joined(separator: ",") + "}"
        case .sequence(let sequence):
            return "[" + sequence.map(json).joined(separator: ",") + "]"
        case .scalar(let scalar):
            switch ConfigReader.tagName(node) {
            case .null: return "null"
            case .bool: return (node.bool ?? false) ? "true" : "false"
            case .int: return node.int.map(String.init) ?? quoted(scalar.string)
            case .float: return node.float.map { "\($0)" } ?? quoted(scalar.string)
            default: return quoted(scalar.string)
            }
        }
    }

    /// A JSON string literal.
    static func quoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case let c where c.value < 0x20:
                let hex = String(c.value, radix: 16)
                result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }
}
