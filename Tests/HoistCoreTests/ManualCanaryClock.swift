import Foundation

@testable import HoistCore

/// A canary clock that only moves when the watcher sleeps: a five-minute window runs in no time.
///
/// `holdAtSleep` makes that sleep (1-based) wait until the task is cancelled, after announcing it through
/// ``held``: how a test presses Ctrl-C in the middle of a window.
final class ManualCanaryClock: CanaryClock, @unchecked Sendable {
    private let lock = NSLock()
    private var current: Date
    private var recorded: [Double] = []
    private let holdAtSleep: Int?
    private let heldContinuation: AsyncStream<Void>.Continuation
    /// Yields once when the held sleep starts waiting.
    let held: AsyncStream<Void>

    init(start: Date = Date(timeIntervalSince1970: 1_795_705_230), holdAtSleep: Int? = nil) {
        current = start
        self.holdAtSleep = holdAtSleep
        (held, heldContinuation) = AsyncStream.makeStream()
    }

    /// The waits asked for, in seconds.
    var sleeps: [Double] { lock.withLock { recorded } }

    func now() -> Date { lock.withLock { current } }

    func sleep(seconds: Double) async throws {
        let count = lock.withLock {
            recorded.append(seconds)
            return recorded.count
        }
        if count == holdAtSleep {
            heldContinuation.yield()
            try await Task.sleep(nanoseconds: 3_600_000_000_000)  // until cancelled
        }
        try Task.checkCancellation()
        lock.withLock { current = current.addingTimeInterval(seconds) }
    }
}
