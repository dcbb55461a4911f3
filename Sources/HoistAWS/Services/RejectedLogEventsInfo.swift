/// The events PutLogEvents refused (too old, too new, past the retention), by index into the call's events.
public struct RejectedLogEventsInfo: Codable, Sendable, Equatable {
    /// Events from this index on were too new.
    public var tooNewLogEventStartIndex: Int?
    /// Events up to this index were too old.
    public var tooOldLogEventEndIndex: Int?
    /// Events up to this index were past the log group's retention.
    public var expiredLogEventEndIndex: Int?
}
