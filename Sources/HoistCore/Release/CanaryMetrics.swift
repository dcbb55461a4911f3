import Foundation

/// Where a canary reads its new version's failures: CloudWatch in hoist (``CloudWatchCanaryMetrics``), a fake in
/// tests.
///
/// Why a protocol: the watcher's decisions (when to poll, when to roll back, what cancellation does) are tested with
/// a manual clock and scripted counts, without a network.
public protocol CanaryMetrics: Sendable {
    /// The new version's errors and throttles from `start` (when the canary began) up to `now`.
    func counts(for release: CanaryRelease, since start: Date, now: Date) async throws -> CanaryCounts
}
