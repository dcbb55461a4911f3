import Foundation
import HoistAWS
import HoistCore
import Testing

/// `hoist logs` and `--follow`: each event once, in time order, from a source whose pages overlap.
@Suite("Log follower")
struct LogFollowerTests {
    /// A source that answers each call with the next scripted list and records the start it was asked for.
    final class ScriptedSource: LogEventSource, @unchecked Sendable {
        private let lock = NSLock()
        private var answers: [[FilteredLogEvent]]
        private var asked: [Int64] = []

        init(_ answers: [[FilteredLogEvent]]) { self.answers = answers }

        /// The starts asked for, in order.
        var starts: [Int64] { lock.withLock { asked } }

        func events(from start: Int64) async throws -> [FilteredLogEvent] {
            lock.withLock {
                asked.append(start)
                return answers.isEmpty ? [] : answers.removeFirst()
            }
        }
    }

    static func event(_ id: String, _ timestamp: Int64, stream: String = "s1", ingested: Int64? = nil)
        -> FilteredLogEvent
    {
        FilteredLogEvent(
            eventId: id, timestamp: timestamp, message: "event \(id)", logStreamName: stream,
            ingestionTime: ingested ?? timestamp + 50)
    }

    static let a = event("1", 1000)
    static let b = event("2", 1500)
    static let c = event("3", 1500, stream: "s2", ingested: 1600)
    static let d = event("4", 2000, stream: "s2")
    static let e = event("5", 2500)
    static let late = event("6", 1800, stream: "s3")
    static let g = event("7", 2500, stream: "s2", ingested: 2600)
    static let behindWindow = event("8", 1200, stream: "s3")

    /// Four polls: a first answer with a page repeated inside it, then the overlap every time with new and late
    /// events among it, then one behind the window.
    static func script() -> [[FilteredLogEvent]] {
        [
            [d, b, a, c, b],
            [a, b, c, d, e, late],
            [a, b, c, d, e, late, g],
            [b, c, d, e, late, g, behindWindow],
        ]
    }

    @Test("overlapping pages: each event once, each poll in time order, late ones inside the window picked up")
    func overlappingPolls() async throws {
        let source = ScriptedSource(Self.script())
        var follower = LogFollower(start: 1000, lookback: 1000)
        var printed: [[String]] = []
        for _ in 0..<4 {
            printed.append(follower.accept(try await source.events(from: follower.start)).map(\.eventId))
        }
        #expect(printed == [["1", "2", "3", "4"], ["6", "5"], ["7"], []])
        // The start trails the newest event by the lookback, so the late event (1800 after 2000) was asked for.
        #expect(source.starts == [1000, 1000, 1500, 1500])
        #expect(follower.keptIds == 6, "ids before the start are forgotten: only 2…7 remain")
    }

    @Test("follow: polls until cancelled, sleeping the interval between; repeats nothing")
    func followLoop() async throws {
        let source = ScriptedSource(Self.script())
        let naps = NapCounter(cancelAfter: 4)
        var batches: [[String]] = []
        await #expect(throws: CancellationError.self) {
            try await LogFollower.follow(source, from: 1000, interval: .milliseconds(250), sleep: naps.sleep) {
                batches.append($0.map(\.eventId))
            }
        }
        let all = batches.flatMap { $0 }
        // The default lookback (30 s) keeps the start at 1000: the last poll's event at 1200 is inside it.
        #expect(all == ["1", "2", "3", "4", "6", "5", "7", "8"])
        #expect(Set(all).count == all.count)
        #expect(naps.intervals == Array(repeating: .milliseconds(250), count: 4))
        #expect(source.starts.count == 4)
    }

    @Test("past its capacity the follower forgets the oldest ids and moves its start past them: still no repeat")
    func boundedIds() {
        let events = (1...5).map { Self.event(String($0), Int64($0) * 100) }
        var follower = LogFollower(start: 0, lookback: 1_000_000, capacity: 3)
        #expect(follower.accept(events).map(\.eventId) == ["1", "2", "3", "4", "5"])
        #expect(follower.keptIds == 3)
        #expect(follower.start == 201)
        #expect(follower.accept(events).isEmpty)
    }

    @Test("once: every event of the range, duplicates dropped, in time order")
    func once() async throws {
        let source = ScriptedSource([[Self.d, Self.b, Self.a, Self.c, Self.b, Self.late]])
        let events = try await LogFollower.once(source, from: 1000)
        #expect(events.map(\.eventId) == ["1", "2", "3", "6", "4"])
        #expect(source.starts == [1000])
    }

    @Test("ties: ingestion time, then the event id by value (AWS's 56 digits, moto's counter), then the stream")
    func ties() {
        let aws1 = String(repeating: "3", count: 56)
        let aws2 = "4" + String(repeating: "0", count: 55)
        let events = [
            FilteredLogEvent(eventId: "10", timestamp: 5, message: "m", logStreamName: "a", ingestionTime: 9),
            FilteredLogEvent(eventId: "9", timestamp: 5, message: "m", logStreamName: "b", ingestionTime: 9),
            FilteredLogEvent(eventId: aws2, timestamp: 5, message: "m", logStreamName: "c", ingestionTime: 9),
            FilteredLogEvent(eventId: aws1, timestamp: 5, message: "m", logStreamName: "d", ingestionTime: 9),
            FilteredLogEvent(eventId: "x", timestamp: 5, message: "m", logStreamName: "e", ingestionTime: 7),
            FilteredLogEvent(eventId: "1", timestamp: 4, message: "m", logStreamName: "f", ingestionTime: 99),
        ]
        #expect(LogFollower.inTimeOrder(events).map(\.eventId) == ["1", "x", "9", "10", aws1, aws2])
    }
}

/// A sleep that records its intervals and throws CancellationError on the `cancelAfter`-th, as a cancelled
/// `Task.sleep` does.
final class NapCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var taken: [Duration] = []
    private let cancelAfter: Int

    init(cancelAfter: Int) { self.cancelAfter = cancelAfter }

    /// The intervals slept.
    var intervals: [Duration] { lock.withLock { taken } }

    func sleep(_ interval: Duration) async throws {
        let count = lock.withLock {
            taken.append(interval)
            return taken.count
        }
        if count >= cancelAfter { throw CancellationError() }
    }
}
