import Foundation

@testable import HoistCore

/// Collects progress reports from the watcher's callback.
final class ProgressLog: @unchecked Sendable {
    private let lock = NSLock()
    private var reports: [CanaryProgress] = []

    /// Every report, in order.
    var all: [CanaryProgress] { lock.withLock { reports } }

    func append(_ report: CanaryProgress) { lock.withLock { reports.append(report) } }
}
