import Foundation
import Yams

extension HoistConfig {
    /// Reads and parses the configuration file at `path` (absolute, or relative to the current directory).
    ///
    /// `configFile` becomes the absolute path and `baseDirectory` its folder, so relative paths inside the
    /// file work from any directory. Errors name the file as `path` was given.
    /// - Throws: `HoistConfigErrors` with every problem found (an unreadable file gives one `.unreadable` error).
    public static func load(path: String) throws -> HoistConfig {
        let absolute = absolutePath(path)
        let data: Data
        do {
            data = try ConfigFileReader.read(absolute, limit: maxFileBytes)
        } catch ConfigFileReader.Failure.tooLarge {
            throw HoistConfigErrors([tooLargeError(file: path)])
        } catch {
            throw HoistConfigErrors([
                HoistConfigError(
                    file: path, line: 0, column: 0, code: .unreadable, message: "cannot read the configuration file",
                    hint: readFailureHint(absolute),
                    underlying: error)
            ])
        }
        guard let yaml = String(data: data, encoding: .utf8) else {
            throw HoistConfigErrors([
                HoistConfigError(
                    file: path, line: 0, column: 0, code: .unreadable, message: "the file is not UTF-8 text")
            ])
        }
        var config = try parse(yaml: yaml, file: path)
        config.configFile = absolute
        config.baseDirectory = directory(of: absolute)
        return config
    }

    /// Parses `yaml` as the contents of the file `file`, with no I/O.
    ///
    /// `file` names the file in errors and sets `configFile`; `baseDirectory` is its folder (`.` for a bare name).
    /// - Throws: `HoistConfigErrors` with every problem found, sorted by position.
    public static func parse(yaml: String, file: String) throws -> HoistConfig {
        guard yaml.utf8.count <= maxFileBytes else { throw HoistConfigErrors([tooLargeError(file: file)]) }
        if let problem = YAMLShapeCheck.problem(in: yaml, file: file) { throw HoistConfigErrors([problem]) }
        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml)
        } catch {
            throw HoistConfigErrors([syntaxError(error, yaml: yaml, file: file)])
        }
        var parser = HoistConfigParser(file: file)
        let config = parser.parse(root: root, file: file, baseDirectory: directory(of: file))
        guard let config, parser.reader.errors.isEmpty else {
            throw HoistConfigErrors(parser.reader.errors)
        }
        return config
    }

    /// The largest configuration file read, in bytes (1 MiB; a real hoist.yml is a few kilobytes).
    public static let maxFileBytes = 1 << 20

    static func tooLargeError(file: String) -> HoistConfigError {
        HoistConfigError(
            file: file, line: 0, column: 0, code: .tooLarge,
            message: "the configuration file is over \(maxFileBytes) bytes (1 MiB)",
            hint: "a hoist.yml is a few kilobytes; check that --config names the right file")
    }

    /// Why a configuration file could not be read, as a hint.
    static func readFailureHint(_ path: String) -> String {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            return "no such file; run 'hoist init' or pass --config PATH"
        }
        return isDirectory.boolValue ? "it is a folder; pass the hoist.yml inside it" : "check its permissions"
    }

    /// The folder part of a path: `.` for a bare file name, `/` for a file at the root.
    static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        if slash == path.startIndex { return "/" }
        return String(path[..<slash])
    }

    /// `path` made absolute against the current directory, with `.` and `..` components removed.
    static func absolutePath(_ path: String) -> String {
        let joined = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        var parts: [Substring] = []
        for part in joined.split(separator: "/") {
            switch part {
            case ".": continue
            case "..": _ = parts.popLast()
            default: parts.append(part)
            }
        }
        return "/" + parts.joined(separator: "/")
    }

    /// Turns a Yams error into a positioned `.yamlSyntax` error, with a hint for the usual causes.
    static func syntaxError(_ error: any Error, yaml: String, file: String) -> HoistConfigError {
        var line = 1
        var column = 1
        var message = "invalid YAML"
        switch error {
        case YamlError.scanner(let context, let problem, let mark, _),
            YamlError.parser(let context, let problem, let mark, _),
            YamlError.composer(let context, let problem, let mark, _):
            line = mark.line
            column = mark.column
            message = "invalid YAML: \(problem)"
            if let context { message += " (\(context.text))" }
        case YamlError.reader(let problem, _, _, _):
            message = "invalid YAML: \(problem)"
        default:
            message = "invalid YAML: \(error)"
        }
        var hint: String?
        let lines = yaml.split(separator: "\n", omittingEmptySubsequences: false)
        if line >= 1, line - 1 < lines.count {
            let scalars = Array(lines[line - 1].unicodeScalars)
            let indentation = scalars.prefix { $0 == " " || $0 == "\t" }
            let atColumn = column - 1 < scalars.count ? scalars[column - 1] : nil
            if indentation.contains("\t") || atColumn == "\t" {
                hint = "indent with spaces, not tabs"
            } else if message.contains("flow mapping") || message.contains("flow sequence") {
                hint = "a '{' or '[' opened earlier is not closed, or a value needs quotes"
            } else if message.contains("mapping values are not allowed") {
                hint = "quote values that contain ': ', or check the indentation"
            } else if message.contains("could not find expected ':'") {
                hint = "check the indentation and that every key ends with ':'"
            }
        }
        return HoistConfigError(
            file: file, line: line, column: column, code: .yamlSyntax, message: message, hint: hint,
            underlying: error)
    }
}
