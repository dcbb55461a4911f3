/// One event FilterLogEvents returned.
public struct FilteredLogEvent: Codable, Sendable, Equatable, Hashable {
    /// The stream it was written to (a Lambda stream is one execution environment).
    public var logStreamName: String?
    /// When it happened, in milliseconds since 1970 (UTC): what the writer gave.
    public var timestamp: Int64
    /// The line, as written (a Lambda line usually ends in a newline).
    public var message: String
    /// When CloudWatch Logs took it in, in milliseconds since 1970.
    public var ingestionTime: Int64?
    /// The event's id, unique in the log group.
    public var eventId: String

    /// Creates an event (tests, fakes).
    public init(
        eventId: String, timestamp: Int64, message: String, logStreamName: String? = nil, ingestionTime: Int64? = nil
    ) {
        self.eventId = eventId
        self.timestamp = timestamp
        self.message = message
        self.logStreamName = logStreamName
        self.ingestionTime = ingestionTime
    }
}
