import Foundation

/// Lines reported by concurrent steps.
final class ReportLines: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []

    /// Adds a line.
    func append(_ line: String) { lock.withLock { lines.append(line) } }
    /// Every line so far.
    var all: [String] { lock.withLock { lines } }
}
