/// Everything CreateSchedule and UpdateSchedule set. UpdateSchedule replaces the whole schedule: a member left
/// out goes back to its default, so an update sends the full definition.
public struct ScheduleDefinition: Codable, Sendable, Equatable {
    /// `rate(5 minutes)`, `cron(0 8 * * ? *)` or `at(…)`.
    public var scheduleExpression: String
    /// The time zone of a cron or at expression (IANA name); nil is UTC.
    public var scheduleExpressionTimezone: String?
    /// The flexible time window.
    public var flexibleTimeWindow: ScheduleFlexibleTimeWindow
    /// What it invokes.
    public var target: ScheduleTarget
    /// `ENABLED` or `DISABLED`; nil is ENABLED.
    public var state: String?
    /// A description.
    public var description: String?

    /// Creates a definition.
    public init(
        scheduleExpression: String, scheduleExpressionTimezone: String? = nil,
        flexibleTimeWindow: ScheduleFlexibleTimeWindow = .off, target: ScheduleTarget, state: String? = nil,
        description: String? = nil
    ) {
        self.scheduleExpression = scheduleExpression
        self.scheduleExpressionTimezone = scheduleExpressionTimezone
        self.flexibleTimeWindow = flexibleTimeWindow
        self.target = target
        self.state = state
        self.description = description
    }
}
