/// What FilterLogEvents is asked for: a log group, a time range, a pattern, a page size.
///
/// Why a type: `hoist logs` asks for the same range page after page (only `nextToken` changes), and a follow asks
/// again from a later start; the members are the service model's (`FilterLogEventsRequest`).
public struct LogEventFilter: Sendable, Equatable {
    /// The log group's name, e.g. `/aws/lambda/movies-api-dev`.
    public var logGroupName: String
    /// The earliest timestamp returned, in milliseconds since 1970 (inclusive); nil for all.
    public var startTime: Int64?
    /// The latest timestamp returned, in milliseconds since 1970 (inclusive); nil for up to now.
    public var endTime: Int64?
    /// A CloudWatch Logs filter pattern (`ERROR`, `"request failed"`, `{ $.level = "error" }`); nil for every event.
    public var filterPattern: String?
    /// Events per page, 1 to 10,000; nil for the service's default (10,000).
    public var limit: Int?

    /// Creates a filter.
    public init(
        logGroupName: String, startTime: Int64? = nil, endTime: Int64? = nil, filterPattern: String? = nil,
        limit: Int? = nil
    ) {
        self.logGroupName = logGroupName
        self.startTime = startTime
        self.endTime = endTime
        self.filterPattern = filterPattern
        self.limit = limit
    }
}
