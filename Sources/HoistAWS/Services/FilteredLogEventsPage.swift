/// One page of FilterLogEvents: its events and the token of the next page (nil on the last).
public struct FilteredLogEventsPage: Sendable, Equatable {
    /// The page's events, in the order the service gave them.
    public var events: [FilteredLogEvent]
    /// The next page's token; nil when this was the last.
    public var nextToken: String?

    /// Creates a page.
    public init(events: [FilteredLogEvent], nextToken: String?) {
        self.events = events
        self.nextToken = nextToken
    }
}
