import HoistAWS

/// A function's log group as a ``LogEventSource``: FilterLogEvents over all its streams, every page.
public struct CloudWatchLogEventSource: LogEventSource {
    /// The service.
    public var logs: CloudWatchLogs
    /// The log group, e.g. `/aws/lambda/movies-api-dev`.
    public var logGroup: String
    /// The filter pattern (`--filter`), passed to the service as it is.
    public var filterPattern: String?
    /// Events per page; nil for the service's default (10,000).
    public var pageSize: Int?

    /// Creates the source.
    public init(logs: CloudWatchLogs, logGroup: String, filterPattern: String? = nil, pageSize: Int? = nil) {
        self.logs = logs
        self.logGroup = logGroup
        self.filterPattern = filterPattern
        self.pageSize = pageSize
    }

    /// Every matching event from `start` on.
    public func events(from start: Int64) async throws -> [FilteredLogEvent] {
        try await logs.filterLogEvents(
            LogEventFilter(logGroupName: logGroup, startTime: start, filterPattern: filterPattern, limit: pageSize))
    }
}
