/// A schedule as GetSchedule answers it.
public struct ScheduleDetails: Codable, Sendable, Equatable {
    /// The schedule's ARN, `arn:aws:scheduler:<region>:<account>:schedule/<group>/<name>`.
    public var arn: String?
    /// The name.
    public var name: String?
    /// The schedule group, `default` unless another was named.
    public var groupName: String?
    /// The expression.
    public var scheduleExpression: String?
    /// The expression's time zone.
    public var scheduleExpressionTimezone: String?
    /// The flexible time window.
    public var flexibleTimeWindow: ScheduleFlexibleTimeWindow?
    /// What it invokes.
    public var target: ScheduleTarget?
    /// `ENABLED` or `DISABLED`.
    public var state: String?
    /// The description.
    public var description: String?
}
