import Foundation

/// The time a canary's window is measured in, and its waits: the system clock in hoist (``SystemCanaryClock``),
/// a manual one in tests so a five-minute window runs in no time.
public protocol CanaryClock: Sendable {
    /// The current time.
    func now() -> Date
    /// Waits `seconds`; throws `CancellationError` when the task is cancelled while waiting.
    func sleep(seconds: Double) async throws
}
