import Yams

/// Reads Yams nodes into Swift values, collecting every problem instead of stopping at the first.
struct ConfigReader {
    /// The file name used in error messages.
    let file: String
    /// The problems found so far.
    private(set) var errors: [HoistConfigError] = []

    init(file: String) {
        self.file = file
    }

    /// One entry of a mapping: the key as text, the key node (for positions) and the value node.
    struct Entry {
        let key: String
        let keyNode: Node
        let value: Node
    }

    /// The checked entries of a mapping with a fixed set of keys.
    struct Fields {
        let entries: [Entry]
        /// The node the mapping belongs to (its key), used to place "missing key" errors.
        let anchor: Position?

        /// The value for `key`, or nil when absent or `null` (an empty value means "use the default").
        subscript(key: String) -> Node? {
            guard let entry = entries.first(where: { $0.key == key }) else { return nil }
            return ConfigReader.isNull(entry.value) ? nil : entry.value
        }

        /// The entry for `key`, if present (even when null).
        func entry(_ key: String) -> Entry? {
            entries.first(where: { $0.key == key })
        }
    }

    // MARK: Reporting

    mutating func report(
        _ code: HoistConfigError.Code, _ message: String, at mark: Position?, hint: String? = nil,
        underlying: (any Error)? = nil
    ) {
        errors.append(
            HoistConfigError(
                file: file, line: mark?.line ?? 1, column: mark?.column ?? 1, code: code, message: message,
                hint: hint, underlying: underlying))
    }

    mutating func report(_ code: HoistConfigError.Code, _ message: String, at node: Node, hint: String? = nil) {
        report(code, message, at: node.position, hint: hint)
    }

    // MARK: Structure

    /// The resolved tag of a node (`tag:yaml.org,2002:int`, …).
    static func tagName(_ node: Node) -> Tag.Name {
        Tag.Name(rawValue: node.tag.description)
    }

    static func isNull(_ node: Node) -> Bool {
        if case .scalar = node, tagName(node) == .null { return true }
        return false
    }

    /// A short description of what a node is, for "got …" in type errors.
    static func describe(_ node: Node) -> String {
        switch node {
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .scalar(let scalar):
            switch tagName(node) {
            case .null: return "nothing"
            case .int: return "a number (\(scalar.string))"
            case .float: return "a number (\(scalar.string))"
            case .bool: return "a boolean (\(scalar.string))"
            default: return "a string ('\(scalar.string)')"
            }
        }
    }

    /// The entries of a mapping whose keys are free (names), checking that keys are unique strings.
    mutating func entries(_ node: Node, _ what: String, example: String? = nil) -> [Entry]? {
        guard case .mapping(let mapping) = node else {
            report(
                .wrongType, "\(what) must be a mapping, got \(Self.describe(node))", at: node,
                hint: example.map { "e.g. \($0)" })
            return nil
        }
        var seen: [String: Position?] = [:]
        var result: [Entry] = []
        for (keyNode, value) in mapping {
            guard case .scalar(let scalar) = keyNode else {
                report(.wrongType, "keys in \(what) must be plain names, got \(Self.describe(keyNode))", at: keyNode)
                continue
            }
            let key = scalar.string
            if let first = seen[key] {
                let line = first?.line.description ?? "?"
                report(
                    .duplicateKey, "duplicate key '\(key)' in \(what)", at: keyNode, hint: "first set on line \(line)")
                continue
            }
            seen[key] = keyNode.position
            result.append(Entry(key: key, keyNode: keyNode, value: value))
        }
        return result
    }

    /// The entries of a mapping with a fixed set of keys; unknown keys are reported with a did-you-mean.
    /// `nested` maps a sub-section to its keys, so a key written one level too high gets "did you mean
    /// 'function.memory'?".
    mutating func fields(
        _ node: Node, _ what: String, allowed: [String], anchor: Position?, example: String? = nil,
        nested: [(String, [String])] = []
    ) -> Fields? {
        guard let entries = entries(node, what, example: example) else { return nil }
        var known: [Entry] = []
        for entry in entries {
            if allowed.contains(entry.key) {
                known.append(entry)
            } else {
                let place = what == "hoist.yml" ? "" : " in \(what)"
                var hint = Self.suggestion(for: entry.key, among: allowed)
                if !hint.hasPrefix("did you mean"), let section = nested.first(where: { $0.1.contains(entry.key) }) {
                    hint = "did you mean '\(section.0).\(entry.key)'?"
                }
                report(.unknownKey, "unknown key '\(entry.key)'\(place)", at: entry.keyNode, hint: hint)
            }
        }
        return Fields(entries: known, anchor: anchor ?? node.position)
    }

    /// "did you mean 'x'?" for a close key, else the list of allowed keys.
    static func suggestion(for key: String, among allowed: [String]) -> String {
        let scored = allowed.map { ($0, EditDistance.distance(key.lowercased(), $0)) }
        if let best = scored.min(by: { $0.1 < $1.1 }), best.1 <= max(1, min(3, best.0.count / 3 + 1)) {
            return "did you mean '\(best.0)'?"
        }
        return "allowed keys: " + allowed.joined(separator: ", ")
    }

    // MARK: Finding nodes

    /// The value of `key` in the mapping `node`, or nil (no mapping, no such key).
    static func value(_ key: String, in node: Node?) -> Node? {
        guard case .mapping(let mapping)? = node else { return nil }
        return mapping.first { $0.key.string == key }?.value
    }

    /// The key node of `key` in the mapping `node`, or nil (no mapping, no such key).
    static func keyNode(_ key: String, in node: Node?) -> Node? {
        guard case .mapping(let mapping)? = node else { return nil }
        return mapping.keys.first { $0.string == key }
    }

    /// The item of the list `node` whose text is `text` (or `node` itself when it is that scalar): where an error
    /// about one name of a list goes once the list is read.
    static func item(_ text: String, in node: Node?) -> Node? {
        switch node {
        case .sequence(let sequence)?: return sequence.first { $0.scalar?.string == text }
        case .scalar(let scalar)? where scalar.string == text: return node
        default: return nil
        }
    }

    // MARK: Scalars

    /// Any non-null scalar as text (numbers and booleans keep their spelling).
    mutating func string(_ node: Node, _ what: String) -> String? {
        guard case .scalar(let scalar) = node, !Self.isNull(node) else {
            report(.wrongType, "\(what) must be a string, got \(Self.describe(node))", at: node)
            return nil
        }
        return scalar.string
    }

    /// An integer within `range`.
    mutating func int(_ node: Node, _ what: String, range: ClosedRange<Int>? = nil, unit: String = "") -> Int? {
        guard case .scalar = node, Self.tagName(node) == .int, let value = node.int else {
            report(.wrongType, "\(what) must be a whole number, got \(Self.describe(node))", at: node)
            return nil
        }
        if let range, !range.contains(value) {
            report(
                .outOfRange,
                "\(what) must be between \(range.lowerBound) and \(range.upperBound)\(unit), got \(value)", at: node)
            return nil
        }
        return value
    }

    /// `true` or `false`.
    mutating func bool(_ node: Node, _ what: String) -> Bool? {
        guard case .scalar = node, Self.tagName(node) == .bool, let value = node.bool else {
            report(.wrongType, "\(what) must be true or false, got \(Self.describe(node))", at: node)
            return nil
        }
        return value
    }

    /// A list of strings, each with its node.
    mutating func stringList(_ node: Node, _ what: String, example: String? = nil) -> [(String, Node)]? {
        guard case .sequence(let sequence) = node else {
            report(
                .wrongType, "\(what) must be a list, got \(Self.describe(node))", at: node,
                hint: example.map { "e.g. \($0)" })
            return nil
        }
        var result: [(String, Node)] = []
        var ok = true
        for item in sequence {
            if let value = string(item, "each item of \(what)") {
                result.append((value, item))
            } else {
                ok = false
            }
        }
        return ok ? result : nil
    }

    /// A mapping of names to strings, each with its key node.
    mutating func stringMap(_ node: Node, _ what: String, example: String? = nil) -> [(String, Node, String)]? {
        guard let entries = entries(node, what, example: example) else { return nil }
        var result: [(String, Node, String)] = []
        for entry in entries {
            if case .scalar = entry.value, !Self.isNull(entry.value), let value = entry.value.scalar?.string {
                result.append((entry.key, entry.keyNode, value))
            } else if Self.isNull(entry.value) {
                result.append((entry.key, entry.keyNode, ""))
            } else {
                report(
                    .wrongType, "\(what).\(entry.key) must be a string, got \(Self.describe(entry.value))",
                    at: entry.value)
            }
        }
        return result
    }
}

/// Edit distance for did-you-mean hints (optimal string alignment: a swap of neighbours costs 1).
enum EditDistance {
    static func distance(_ lhs: String, _ rhs: String) -> Int {
        let a = Array(lhs)
        let b = Array(rhs)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var table = Array(repeating: Array(repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { table[i][0] = i }
        for j in 0...b.count { table[0][j] = j }
        for i in 1...a.count {
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                var best = min(table[i - 1][j] + 1, table[i][j - 1] + 1, table[i - 1][j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    best = min(best, table[i - 2][j - 2] + 1)
                }
                table[i][j] = best
            }
        }
        return table[a.count][b.count]
    }
}

/// A 1-based line and column in the file.
struct Position: Equatable {
    let line: Int
    let column: Int
}

extension Node {
    /// Where the node starts, from Yams' mark.
    var position: Position? {
        mark.map { Position(line: $0.line, column: $0.column) }
    }
}
