import Foundation
import HoistCore

/// Collects a watcher's progress reports.
final class ProgressLines: @unchecked Sendable {
    private let lock = NSLock()
    private var reports: [CanaryProgress] = []

    /// Every report, in order.
    var all: [CanaryProgress] { lock.withLock { reports } }

    func append(_ report: CanaryProgress) { lock.withLock { reports.append(report) } }
}
