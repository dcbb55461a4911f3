/// A log group's events: FilterLogEvents across all its streams, page after page; CreateLogStream and
/// PutLogEvents to write some (tests, and whoever ships lines by hand).
///
/// Why here: `hoist logs` reads a function's log group; the members are botocore's model of
/// `logs` 2014-03-28. The deprecated `interleaved` is never sent (it is ignored since 2019: the service always
/// interleaves the streams), so callers sort what they print.
extension CloudWatchLogs {
    /// FilterLogEvents, one page: `nextToken` nil for the first.
    public func filterLogEventsPage(_ filter: LogEventFilter, nextToken: String? = nil) async throws
        -> FilteredLogEventsPage
    {
        struct Input: Encodable {
            var logGroupName: String
            var startTime: Int64?
            var endTime: Int64?
            var filterPattern: String?
            var nextToken: String?
            var limit: Int?
        }
        struct Output: Decodable {
            var events: [FilteredLogEvent]?
            var nextToken: String?
        }
        let output: Output = try await client.json(
            .cloudWatchLogs, "FilterLogEvents",
            Input(
                logGroupName: filter.logGroupName, startTime: filter.startTime, endTime: filter.endTime,
                filterPattern: filter.filterPattern, nextToken: nextToken, limit: filter.limit))
        return FilteredLogEventsPage(events: output.events ?? [], nextToken: output.nextToken)
    }

    /// FilterLogEvents, every page until the service gives no `nextToken` (a page may be empty and still have
    /// one: the search is not over). A token given back unchanged ends the loop instead of asking forever.
    public func filterLogEvents(_ filter: LogEventFilter) async throws -> [FilteredLogEvent] {
        var events: [FilteredLogEvent] = []
        var token: String?
        repeat {
            let page = try await filterLogEventsPage(filter, nextToken: token)
            events += page.events
            if page.nextToken != nil, page.nextToken == token { break }
            token = page.nextToken
        } while token != nil
        return events
    }

    /// CreateLogStream.
    public func createLogStream(group: String, stream: String) async throws {
        let _: AWSEmpty = try await client.json(
            .cloudWatchLogs, "CreateLogStream", ["logGroupName": group, "logStreamName": stream])
    }

    /// PutLogEvents (no sequence token: the service ignores it since 2023); what it refused, if anything.
    @discardableResult
    public func putLogEvents(group: String, stream: String, events: [InputLogEvent]) async throws
        -> RejectedLogEventsInfo?
    {
        struct Input: Encodable {
            var logGroupName: String
            var logStreamName: String
            var logEvents: [InputLogEvent]
        }
        struct Output: Decodable { var rejectedLogEventsInfo: RejectedLogEventsInfo? }
        let output: Output = try await client.json(
            .cloudWatchLogs, "PutLogEvents", Input(logGroupName: group, logStreamName: stream, logEvents: events))
        return output.rejectedLogEventsInfo
    }
}
