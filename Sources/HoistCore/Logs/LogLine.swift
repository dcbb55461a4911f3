/// What one log event's message is, for rendering: the backend's JSON, one of Lambda's own lines, or anything else.
public enum LogLine: Sendable, Equatable {
    /// A JSON line with a message (``StructuredLogLine``).
    case structured(StructuredLogLine)
    /// `START RequestId: … Version: …`: folded away (REPORT says the rest).
    case start
    /// `END RequestId: …`: folded away.
    case end
    /// `REPORT RequestId: …`: one short line.
    case report(LambdaReport)
    /// Anything else, printed as it is (trailing newlines dropped).
    case plain(String)

    /// Classifies a message.
    public init(_ message: String) {
        let line = Self.droppingTrailingNewlines(message)
        if line.hasPrefix("START RequestId: ") {
            self = .start
        } else if line.hasPrefix("END RequestId: ") {
            self = .end
        } else if let report = LambdaReport(line: line) {
            self = .report(report)
        } else if let structured = StructuredLogLine(line: line) {
            self = .structured(structured)
        } else {
            self = .plain(line)
        }
    }

    /// The message without the newline Lambda keeps at its end.
    public static func droppingTrailingNewlines(_ message: String) -> String {
        var text = Substring(message)
        while let last = text.last, last.isNewline { text = text.dropLast() }
        return String(text)
    }
}
