import Foundation

/// The real clock: `Date()` and `Task.sleep`, which a cancelled task (Ctrl-C) leaves at once.
public struct SystemCanaryClock: CanaryClock {
    /// Creates the clock.
    public init() {}

    /// `Date()`.
    public func now() -> Date { Date() }

    /// `Task.sleep`, throwing `CancellationError` when the task is cancelled.
    public func sleep(seconds: Double) async throws {
        try await Task.sleep(nanoseconds: UInt64(max(0, seconds) * 1_000_000_000))
    }
}
