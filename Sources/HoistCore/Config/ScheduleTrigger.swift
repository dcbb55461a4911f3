/// `schedule:` on a function: an EventBridge Scheduler schedule that invokes it.
public struct ScheduleTrigger: Sendable, Equatable {
    /// `rate(5 minutes)`, `cron(0 3 * * ? *)`.
    public var expression: String
    /// The IANA time zone a cron expression is read in; nil for UTC.
    public var timezone: String?
    /// The event the function receives, as JSON text; nil for Scheduler's default (`{}`).
    public var payload: String?

    /// Creates a schedule.
    public init(expression: String, timezone: String? = nil, payload: String? = nil) {
        self.expression = expression
        self.timezone = timezone
        self.payload = payload
    }
}
