import Foundation

@testable import HoistCore

/// Counts from a script of the seconds since the canary started; records each read's time range.
final class ScriptedCanaryMetrics: CanaryMetrics, @unchecked Sendable {
    private let lock = NSLock()
    private var recorded: [(since: Date, now: Date)] = []
    private let script: @Sendable (Double) throws -> CanaryCounts

    init(_ script: @escaping @Sendable (Double) throws -> CanaryCounts) { self.script = script }

    /// The reads made: the canary's start and the time of each.
    var reads: [(since: Date, now: Date)] { lock.withLock { recorded } }

    func counts(for release: CanaryRelease, since start: Date, now: Date) async throws -> CanaryCounts {
        lock.withLock { recorded.append((start, now)) }
        return try script(now.timeIntervalSince(start))
    }
}
