/// One event for PutLogEvents: a timestamp and a line.
public struct InputLogEvent: Codable, Sendable, Equatable {
    /// Milliseconds since 1970 (UTC); the events of one call must be in chronological order.
    public var timestamp: Int64
    /// The line (at least one character).
    public var message: String

    /// Creates an event.
    public init(timestamp: Int64, message: String) {
        self.timestamp = timestamp
        self.message = message
    }
}
