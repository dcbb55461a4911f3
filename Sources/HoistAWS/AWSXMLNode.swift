/// A parsed XML element: name (without namespace prefix), attributes, children and text.
///
/// AWS query and rest-xml answers use a small subset of XML; this reader covers it (elements, attributes,
/// text, character and entity references, CDATA, comments, declarations) and rejects what it cannot read.
public struct AWSXMLNode: Sendable, Equatable {
    /// The local name.
    public var name: String
    /// Attributes by name.
    public var attributes: [String: String]
    /// Child elements in document order.
    public var children: [AWSXMLNode]
    /// The concatenated text directly inside this element.
    public var text: String

    /// Creates a node.
    public init(name: String, attributes: [String: String] = [:], children: [AWSXMLNode] = [], text: String = "") {
        self.name = name
        self.attributes = attributes
        self.children = children
        self.text = text
    }

    /// The first child with this name.
    public func child(_ name: String) -> AWSXMLNode? { children.first { $0.name == name } }

    /// All children with this name.
    public func children(_ name: String) -> [AWSXMLNode] { children.filter { $0.name == name } }

    /// The text of the element reached by following child names, e.g. `path("Error", "Code")`.
    public func path(_ names: String...) -> String? {
        var node: AWSXMLNode? = self
        for name in names { node = node?.child(name) }
        return node?.text
    }

    /// The first element with this name anywhere below, depth first.
    public func descendant(_ name: String) -> AWSXMLNode? {
        for child in children {
            if child.name == name { return child }
            if let found = child.descendant(name) { return found }
        }
        return nil
    }

    /// Parses a document and returns its root element.
    public static func parse(_ bytes: [UInt8]) throws -> AWSXMLNode {
        var reader = AWSXMLReader(bytes: bytes)
        return try reader.document()
    }
}

/// Why a document could not be read.
public struct AWSXMLError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong and at which byte offset.
    public var message: String
    /// The message.
    public var description: String { message }
}

struct AWSXMLReader {
    /// Elements nested deeper than this are rejected instead of exhausting the stack.
    static let maxDepth = 256

    let bytes: [UInt8]
    var index = 0
    var depth = 0

    init(bytes: [UInt8]) { self.bytes = bytes }

    mutating func document() throws -> AWSXMLNode {
        try skipMisc()
        guard index < bytes.count, bytes[index] == UInt8(ascii: "<") else { throw fail("no root element") }
        let root = try element()
        try skipMisc()
        guard index == bytes.count else { throw fail("content after the root element") }
        return root
    }

    private func fail(_ message: String) -> AWSXMLError { AWSXMLError(message: "XML: \(message) at byte \(index)") }

    private func starts(with text: String) -> Bool {
        let pattern = Array(text.utf8)
        guard index + pattern.count <= bytes.count else { return false }
        return Array(bytes[index..<index + pattern.count]) == pattern
    }

    private mutating func skip(past text: String) throws {
        let pattern = Array(text.utf8)
        while index + pattern.count <= bytes.count {
            if Array(bytes[index..<index + pattern.count]) == pattern {
                index += pattern.count
                return
            }
            index += 1
        }
        throw fail("unterminated construct, expected \(text)")
    }

    private mutating func skipWhitespace() {
        while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
    }

    private mutating func skipMisc() throws {
        while true {
            skipWhitespace()
            if starts(with: "<?") {
                try skip(past: "?>")
            } else if starts(with: "<!--") {
                try skip(past: "-->")
            } else if starts(with: "<!DOCTYPE") {
                try skip(past: ">")
            } else {
                return
            }
        }
    }

    private mutating func name() throws -> String {
        let start = index
        while index < bytes.count {
            let byte = bytes[index]
            if [0x20, 0x09, 0x0A, 0x0D, UInt8(ascii: ">"), UInt8(ascii: "/"), UInt8(ascii: "=")].contains(byte) {
                break
            }
            index += 1
        }
        guard index > start else { throw fail("expected a name") }
        let full = String(decoding: bytes[start..<index], as: UTF8.self)
        if let colon = full.lastIndex(of: ":") { return String(full[full.index(after: colon)...]) }
        return full
    }

    private mutating func element() throws -> AWSXMLNode {
        guard depth < Self.maxDepth else { throw fail("elements nested deeper than \(Self.maxDepth)") }
        depth += 1
        defer { depth -= 1 }
        index += 1  // <
        var node = AWSXMLNode(name: try name())
        while true {
            skipWhitespace()
            guard index < bytes.count else { throw fail("unterminated start tag <\(node.name)>") }
            if bytes[index] == UInt8(ascii: "/") {
                guard index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: ">") else { throw fail("bad tag") }
                index += 2
                return node
            }
            if bytes[index] == UInt8(ascii: ">") {
                index += 1
                break
            }
            let attribute = try name()
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "=") else { throw fail("attribute without =") }
            index += 1
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") || bytes[index] == UInt8(ascii: "'")
            else { throw fail("unquoted attribute") }
            let quote = bytes[index]
            index += 1
            let start = index
            while index < bytes.count, bytes[index] != quote { index += 1 }
            guard index < bytes.count else { throw fail("unterminated attribute") }
            node.attributes[attribute] = try decodeEntities(bytes[start..<index])
            index += 1
        }
        var text: [UInt8] = []
        while true {
            guard index < bytes.count else { throw fail("unterminated element <\(node.name)>") }
            if starts(with: "</") {
                index += 2
                let closing = try name()
                guard closing == node.name else { throw fail("</\(closing)> closes <\(node.name)>") }
                skipWhitespace()
                guard index < bytes.count, bytes[index] == UInt8(ascii: ">") else { throw fail("bad end tag") }
                index += 1
                node.text = String(decoding: text, as: UTF8.self)
                return node
            } else if starts(with: "<!--") {
                try skip(past: "-->")
            } else if starts(with: "<![CDATA[") {
                index += 9
                let start = index
                try skip(past: "]]>")
                text.append(contentsOf: bytes[start..<index - 3])
            } else if bytes[index] == UInt8(ascii: "<") {
                node.children.append(try element())
            } else {
                let start = index
                while index < bytes.count, bytes[index] != UInt8(ascii: "<") { index += 1 }
                text.append(contentsOf: Array(try decodeEntities(bytes[start..<index]).utf8))
            }
        }
    }

    private func decodeEntities(_ slice: ArraySlice<UInt8>) throws -> String {
        guard slice.contains(UInt8(ascii: "&")) else { return String(decoding: slice, as: UTF8.self) }
        var out = ""
        var scalars = String(decoding: slice, as: UTF8.self)[...]
        while let amp = scalars.firstIndex(of: "&") {
            out += scalars[..<amp]
            guard let semi = scalars[amp...].firstIndex(of: ";") else { throw fail("unterminated entity") }
            let entity = scalars[scalars.index(after: amp)..<semi]
            switch entity {
            case "lt": out += "<"
            case "gt": out += ">"
            case "amp": out += "&"
            case "quot": out += "\""
            case "apos": out += "'"
            default:
                let value: UInt32?
                if entity.hasPrefix("#x") {
                    value = UInt32(entity.dropFirst(2), radix: 16)
                } else if entity.hasPrefix("#") {
                    value = UInt32(entity.dropFirst())
                } else {
                    value = nil
                }
                guard let value, let scalar = Unicode.Scalar(value) else { throw fail("unknown entity &\(entity);") }
                out.unicodeScalars.append(scalar)
            }
            scalars = scalars[scalars.index(after: semi)...]
        }
        return out + scalars
    }
}
