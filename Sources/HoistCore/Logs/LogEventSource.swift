import HoistAWS

/// Where a follow gets events from: every event from `start` on (inclusive), all pages, in any order.
///
/// Why a protocol: ``LogFollower`` is tested with a fake that gives overlapping and late pages, and runs against
/// CloudWatch Logs through ``CloudWatchLogEventSource``.
public protocol LogEventSource: Sendable {
    /// The events with a timestamp at or after `start` (milliseconds since 1970).
    func events(from start: Int64) async throws -> [FilteredLogEvent]
}
