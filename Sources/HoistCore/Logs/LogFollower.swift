import HoistAWS

/// `hoist logs` and `hoist logs --follow`: which events to print, each once, in time order.
///
/// A follow asks again and again from a start that trails the newest event seen by `lookback` (30 s): CloudWatch
/// Logs takes events in late (a stream's batch can arrive seconds after another stream's newer ones), so asking
/// only from the newest timestamp would miss those. The overlap comes back on every poll; the ids of the events
/// printed since the start are kept (at most `capacity`) and skip them. Invariant: every event printed with a
/// timestamp at or after `start` has its id kept, and nothing before `start` is printed, so no event prints
/// twice. When more than `capacity` events fall in the window, the oldest ids go and `start` moves past them.
/// An event that arrives later than the window (or behind the capacity) is not printed: that is the trade for a
/// bounded memory.
public struct LogFollower: Sendable {
    /// Where the next fetch starts (milliseconds since 1970, inclusive).
    public private(set) var start: Int64
    /// How far behind the newest event the next fetch starts, in milliseconds.
    public let lookback: Int64
    /// The most event ids kept.
    public let capacity: Int
    /// The ids of the events printed at or after `start`, with their timestamps.
    private var seen: [String: Int64] = [:]
    /// The newest timestamp printed.
    private var newest: Int64

    /// A follower from `start` (the `--since` time).
    public init(start: Int64, lookback: Int64 = 30_000, capacity: Int = 10_000) {
        self.start = start
        self.lookback = lookback
        self.capacity = max(1, capacity)
        newest = start
    }

    /// The ids kept now (tests: bounded).
    public var keptIds: Int { seen.count }

    /// The events of `fetched` not given before and not before `start`, in time order; then the window moves.
    public mutating func accept(_ fetched: [FilteredLogEvent]) -> [FilteredLogEvent] {
        var fresh: [FilteredLogEvent] = []
        for event in fetched where event.timestamp >= start && seen[event.eventId] == nil {
            seen[event.eventId] = event.timestamp
            fresh.append(event)
            newest = max(newest, event.timestamp)
        }
        slide()
        return Self.inTimeOrder(fresh)
    }

    /// Moves `start` to `lookback` behind the newest event and forgets the ids before it; past `capacity`, forgets
    /// the oldest and moves `start` past them.
    mutating func slide() {
        start = max(start, newest - lookback)
        seen = seen.filter { $0.value >= start }
        guard seen.count > capacity else { return }
        let oldestFirst = seen.values.sorted()
        start = max(start, oldestFirst[seen.count - capacity - 1] + 1)
        seen = seen.filter { $0.value >= start }
    }

    /// Time order: timestamp, then ingestion time, then event id (decimal ids by value), then stream.
    public static func inTimeOrder(_ events: [FilteredLogEvent]) -> [FilteredLogEvent] {
        events.sorted { a, b in
            if a.timestamp != b.timestamp { return a.timestamp < b.timestamp }
            if (a.ingestionTime ?? 0) != (b.ingestionTime ?? 0) {
                return (a.ingestionTime ?? 0) < (b.ingestionTime ?? 0)
            }
            if a.eventId != b.eventId { return idPrecedes(a.eventId, b.eventId) }
            return (a.logStreamName ?? "") < (b.logStreamName ?? "")
        }
    }

    /// Whether id `a` sorts before `b`: decimal ids (AWS's 56 digits, moto's counter) by value, others as text.
    static func idPrecedes(_ a: String, _ b: String) -> Bool {
        let decimal = { (id: String) in !id.isEmpty && id.utf8.allSatisfy { (48...57).contains($0) } }
        if decimal(a), decimal(b) {
            let a = a.drop { $0 == "0" }
            let b = b.drop { $0 == "0" }
            return a.count != b.count ? a.count < b.count : a < b
        }
        return a < b
    }

    /// Every event from `start` on, each once, in time order (`hoist logs` without `--follow`).
    public static func once(_ source: some LogEventSource, from start: Int64) async throws -> [FilteredLogEvent] {
        var follower = LogFollower(start: start)
        return follower.accept(try await source.events(from: start))
    }

    /// Polls `source` every `interval` from `start` and hands each poll's new events to `emit` (possibly none),
    /// until the task is cancelled (`sleep` then throws `CancellationError`, as `Task.sleep` does).
    public static func follow(
        _ source: some LogEventSource, from start: Int64, interval: Duration,
        sleep: (Duration) async throws -> Void = { try await Task.sleep(for: $0) },
        emit: ([FilteredLogEvent]) -> Void
    ) async throws {
        var follower = LogFollower(start: start)
        while true {
            try Task.checkCancellation()
            emit(follower.accept(try await source.events(from: follower.start)))
            try await sleep(interval)
        }
    }
}
