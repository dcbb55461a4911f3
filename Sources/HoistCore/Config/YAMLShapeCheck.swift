import CYaml

/// Reads a hoist.yml's YAML events before it is composed and refuses anchors, aliases and deep nesting.
///
/// Why: an alias repeats a node wherever it is used, so a 1 MB file of nested aliases expands to about 10⁹ nodes
/// (and as many errors); deep nesting makes composing and reading recurse without bound. hoist.yml never needs
/// either, so they are refused at their position before Yams builds the tree. A syntax error is left to the
/// composer, which reports it with its own position and hints.
enum YAMLShapeCheck {
    /// The deepest nesting of mappings and lists accepted (hoist.yml needs about 6).
    static let maxDepth = 64

    /// The first anchor, alias or too-deep node of `yaml`, as a positioned error; nil when there is none.
    static func problem(in yaml: String, file: String) -> HoistConfigError? {
        var bytes = Array(yaml.utf8)
        guard !bytes.isEmpty else { return nil }
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else { return nil }
        defer { yaml_parser_delete(&parser) }
        return bytes.withUnsafeMutableBufferPointer { buffer in
            yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
            var depth = 0
            while true {
                var event = yaml_event_t()
                guard yaml_parser_parse(&parser, &event) == 1 else { return nil }
                defer { yaml_event_delete(&event) }
                let mark = Position(line: Int(event.start_mark.line) + 1, column: Int(event.start_mark.column) + 1)
                switch event.type {
                case YAML_STREAM_END_EVENT:
                    return nil
                case YAML_ALIAS_EVENT:
                    return aliasError(name(event.data.alias.anchor), isAlias: true, at: mark, file: file)
                case YAML_SCALAR_EVENT:
                    if let anchor = event.data.scalar.anchor {
                        return aliasError(name(anchor), isAlias: false, at: mark, file: file)
                    }
                case YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT:
                    let anchor =
                        event.type == YAML_SEQUENCE_START_EVENT
                        ? event.data.sequence_start.anchor : event.data.mapping_start.anchor
                    if let anchor { return aliasError(name(anchor), isAlias: false, at: mark, file: file) }
                    depth += 1
                    if depth > maxDepth { return depthError(at: mark, file: file) }
                case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                    depth -= 1
                default:
                    break
                }
            }
        }
    }

    /// An anchor's name from libyaml, shortened for a message.
    static func name(_ anchor: UnsafeMutablePointer<yaml_char_t>?) -> String {
        guard let anchor else { return "" }
        let text = String(cString: anchor)
        return text.count > 40 ? String(text.prefix(40)) + "…" : text
    }

    static func aliasError(_ name: String, isAlias: Bool, at mark: Position, file: String) -> HoistConfigError {
        let what = isAlias ? "alias '*\(name)'" : "anchor '&\(name)'"
        return HoistConfigError(
            file: file, line: mark.line, column: mark.column, code: .unsupportedYAML,
            message: "YAML \(what): anchors and aliases are not accepted in hoist.yml",
            hint: "write the value out where it is used; aliases could expand a small file into a huge one")
    }

    static func depthError(at mark: Position, file: String) -> HoistConfigError {
        HoistConfigError(
            file: file, line: mark.line, column: mark.column, code: .tooLarge,
            message: "mappings and lists are nested more than \(maxDepth) deep",
            hint: "hoist.yml needs a few levels; check for a runaway '[' or '{' or generated content")
    }
}
