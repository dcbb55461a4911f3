/// What a schedule invokes (a Lambda function's or alias's ARN), as which role, with which input.
public struct ScheduleTarget: Codable, Sendable, Equatable {
    /// The target's ARN.
    public var arn: String
    /// The role EventBridge Scheduler assumes to invoke the target.
    public var roleArn: String
    /// The event the target receives (JSON text for Lambda); nil sends none.
    public var input: String?

    /// Creates a target.
    public init(arn: String, roleArn: String, input: String? = nil) {
        self.arn = arn
        self.roleArn = roleArn
        self.input = input
    }
}
