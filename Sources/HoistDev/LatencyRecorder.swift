import Foundation

/// Collects request durations and statuses and reports percentiles (nearest rank).
public final class LatencyRecorder: @unchecked Sendable {
    private let lock = NSLock()
    private var durations: [Double] = []
    private var failures = 0

    /// Creates an empty recorder.
    public init() {}

    /// Records one request: its duration in milliseconds and status (5xx counts as a failure).
    public func record(milliseconds: Double, status: Int) {
        lock.lock()
        defer { lock.unlock() }
        durations.append(milliseconds)
        if status >= 500 { failures += 1 }
    }

    /// The number of requests recorded.
    public var count: Int {
        lock.lock()
        defer { lock.unlock() }
        return durations.count
    }

    /// The `p`th percentile (0–100) of the recorded durations, nil when there are none.
    public func percentile(_ p: Double) -> Double? {
        lock.lock()
        let values = durations.sorted()
        lock.unlock()
        return Self.percentile(p, ofSorted: values)
    }

    /// The nearest-rank percentile of sorted values.
    public static func percentile(_ p: Double, ofSorted values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        let rank = Int((p / 100 * Double(values.count)).rounded(.up))
        return values[min(max(rank, 1), values.count) - 1]
    }

    /// `N requests, F 5xx, p50 X ms, p99 Y ms`.
    public func summary() -> String {
        lock.lock()
        let values = durations.sorted()
        let failed = failures
        lock.unlock()
        guard let p50 = Self.percentile(50, ofSorted: values), let p99 = Self.percentile(99, ofSorted: values) else {
            return "0 requests"
        }
        return "\(values.count) requests, \(failed) 5xx, p50 \(Self.format(p50)) ms, p99 \(Self.format(p99)) ms"
    }

    /// Milliseconds with two decimals.
    public static func format(_ milliseconds: Double) -> String {
        String(format: "%.2f", milliseconds)
    }
}
