import Foundation

/// A JSON log line: what the backend's `JSONLogger` writes (`{"level":"info","msg":"request","requestId":"…",
/// "time":"…", and string fields}`), and Lambda's JSON log format (`level`, `message`, `requestId`, `timestamp`).
public struct StructuredLogLine: Sendable, Equatable {
    /// `level` (`info`, `error`, `debug`, `WARN`…), as written.
    public var level: String?
    /// `requestId`, the invocation it belongs to.
    public var requestId: String?
    /// `msg`, or `message`.
    public var message: String
    /// The other members (`method`, `path`, `status`, `durationMs`…), not the time: the event's timestamp shows
    /// instead, to the millisecond, the same for every line.
    public var fields: [String: JSONValue]

    /// The members that have a column of their own (or, for the times, the event's timestamp instead).
    static let columns: Set<String> = ["level", "requestId", "msg", "message", "time", "timestamp"]

    /// Decodes a line that is a JSON object with a string `msg` or `message`; nil for anything else.
    public init?(line: String) {
        let trimmed = line.trimmingCharacters(in: .whitespacesAndNewlines)
        guard trimmed.hasPrefix("{"), trimmed.hasSuffix("}"),
            let object = try? JSONDecoder().decode([String: JSONValue].self, from: Data(trimmed.utf8)),
            let message = object["msg"]?.string ?? object["message"]?.string
        else { return nil }
        self.message = message
        level = object["level"]?.string
        requestId = object["requestId"]?.string
        fields = object.filter { !Self.columns.contains($0.key) }
    }
}
