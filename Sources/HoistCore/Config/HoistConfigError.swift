/// One problem found in a `hoist.yml`, with its position in the file and a hint where there is one.
///
/// `description` has the compiler-like form `hoist.yml:12:5: error: unknown key 'memroy' in function
/// (did you mean 'memory'?)`. A `line` and `column` of 0 mean the problem has no position in the file
/// (for example an unknown stage requested on the command line).
public struct HoistConfigError: Error, Equatable, CustomStringConvertible {
    /// The kind of problem, stable enough for tests and tools to match on.
    public enum Code: String, Sendable, Equatable, CaseIterable {
        /// The file could not be read.
        case unreadable
        /// The file is not valid YAML (including tab indentation).
        case yamlSyntax
        /// A key the schema does not know.
        case unknownKey
        /// The same key twice in one mapping.
        case duplicateKey
        /// A value of the wrong YAML type (a string where a number belongs, a list where a mapping belongs…).
        case wrongType
        /// A number outside its allowed range.
        case outOfRange
        /// A required key is absent.
        case missing
        /// A value of the right type that the schema refuses (bad name, bad pattern, not one of the choices).
        case invalidValue
        /// A stage that the configuration does not declare.
        case unknownStage
        /// A YAML feature hoist.yml refuses (anchors and aliases).
        case unsupportedYAML
        /// The file or its nesting is over hoist's cap (1 MiB, 64 levels).
        case tooLarge
    }

    /// The configuration file as named to the user (the path given to `load(path:)` or `parse(yaml:file:)`).
    public var file: String
    /// The 1-based line of the offending node, or 0 when the problem has no position.
    public var line: Int
    /// The 1-based column (in Unicode scalars) of the offending node, or 0 when the problem has no position.
    public var column: Int
    /// The kind of problem.
    public var code: Code
    /// What is wrong, in one sentence without a trailing period.
    public var message: String
    /// How to fix it (a did-you-mean, the allowed values, an example), if there is something to say.
    public var hint: String?
    /// The error that caused this one (a Yams syntax error, a file-system error), if any.
    public var underlying: (any Error)?

    /// Creates a configuration error.
    public init(
        file: String, line: Int, column: Int, code: Code, message: String, hint: String? = nil,
        underlying: (any Error)? = nil
    ) {
        self.file = file
        self.line = line
        self.column = column
        self.code = code
        self.message = message
        self.hint = hint
        self.underlying = underlying
    }

    /// The error as one line: `file:line:column: error: message (hint)`.
    public var description: String {
        let position = line > 0 ? "\(file):\(line):\(column)" : file
        let suffix = hint.map { " (\($0))" } ?? ""
        return "\(position): error: \(message)\(suffix)"
    }

    /// Two errors are equal when everything but the underlying cause is equal.
    public static func == (lhs: HoistConfigError, rhs: HoistConfigError) -> Bool {
        lhs.file == rhs.file && lhs.line == rhs.line && lhs.column == rhs.column && lhs.code == rhs.code
            && lhs.message == rhs.message && lhs.hint == rhs.hint
    }
}

/// Every problem found in one configuration file, thrown together so the user can fix them all at once.
public struct HoistConfigErrors: Error, Equatable, CustomStringConvertible {
    /// The problems, sorted by line, then column.
    public var errors: [HoistConfigError]

    /// Creates the list, sorting the problems by position (problems without a position come first).
    public init(_ errors: [HoistConfigError]) {
        self.errors = errors.enumerated()
            .sorted { lhs, rhs in
                (lhs.element.line, lhs.element.column, lhs.offset) < (rhs.element.line, rhs.element.column, rhs.offset)
            }
            .map(\.element)
    }

    /// One line per problem.
    public var description: String {
        errors.map(\.description).joined(separator: "\n")
    }
}
