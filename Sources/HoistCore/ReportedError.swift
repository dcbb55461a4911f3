/// An error a command reports as it is: its description already says what happened, with a code and a hint, so
/// `CommandRunner` prints it (`error: …`) and exits 1 without wrapping it. The errors of the day-two commands
/// (releases, rollback, canaries, logs, invoke) and of a `FUNCTION` argument conform.
public protocol ReportedError: Error, CustomStringConvertible, Sendable {}

extension ReleaseError: ReportedError {}
extension CanaryError: ReportedError {}
extension InvokeError: ReportedError {}
extension LogSinceError: ReportedError {}
extension StageFunctionError: ReportedError {}
