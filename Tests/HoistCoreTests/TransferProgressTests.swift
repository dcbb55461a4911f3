import Foundation
import HoistCore
import Testing

@Suite("Upload progress")
struct TransferProgressTests {
    /// A clock the test moves by hand.
    final class ManualClock: @unchecked Sendable {
        private let lock = NSLock()
        private var current = Date(timeIntervalSince1970: 1_000)
        var now: Date { lock.withLock { current } }
        func advance(_ seconds: Double) { lock.withLock { current += seconds } }
    }

    /// Collects every snapshot the tracker reports.
    final class Snapshots: @unchecked Sendable {
        private let lock = NSLock()
        private var items: [TransferProgress.Snapshot] = []
        func append(_ snapshot: TransferProgress.Snapshot) { lock.withLock { items.append(snapshot) } }
        var last: TransferProgress.Snapshot? { lock.withLock { items.last } }
    }

    @Test("parts of two files add up; a resent part counts once; finishing counts every byte")
    func sums() {
        let clock = ManualClock()
        let seen = Snapshots()
        let progress = TransferProgress(now: { clock.now }) { seen.append($0) }
        progress.begin(key: "code", bytes: 30)
        progress.begin(key: "layer", bytes: 10)
        let part1 = progress.receiver(key: "code", part: 1)
        let part2 = progress.receiver(key: "code", part: 2)
        clock.advance(2)
        part1.update(position: 10)
        part2.update(position: 5)
        progress.receiver(key: "layer", part: 0).update(position: 4)
        #expect(seen.last == .init(sent: 19, total: 40, elapsed: 2, finished: false))
        // The transport rewinds part 2 to resend it on a new connection: the position moves back.
        part2.update(position: 0)
        #expect(seen.last?.sent == 14)
        progress.finish(key: "code")
        #expect(seen.last == .init(sent: 34, total: 40, elapsed: 2, finished: false))
        progress.finish(key: "layer")
        #expect(seen.last?.finished == true)
        #expect(seen.last?.sent == 40)
    }

    @Test("the line shows the bar, bytes, rate and time left, then the time taken")
    func render() {
        let half = TransferProgress.Snapshot(sent: 30_000_000, total: 60_000_000, elapsed: 2, finished: false)
        #expect(
            UploadProgressLine.render(half, width: 10) == "[#####-----]  30.0/60.0 MB  15.0 MB/s  ETA 2s")
        let done = TransferProgress.Snapshot(sent: 60_000_000, total: 60_000_000, elapsed: 4, finished: true)
        #expect(UploadProgressLine.render(done, width: 4) == "[####]  60.0/60.0 MB  15.0 MB/s  done in 4s")
        let start = TransferProgress.Snapshot(sent: 0, total: 1_000_000, elapsed: 0, finished: false)
        #expect(UploadProgressLine.render(start, width: 2) == "[--]  0.0/1.0 MB  starting")
    }

    @Test(
        "durations read as seconds, minutes or hours",
        arguments: [
            (0.2, "1s"), (59.0, "59s"), (61.0, "1m01s"), (3599.5, "1h00m"), (3725.0, "1h02m"),
        ])
    func durations(seconds: Double, text: String) {
        #expect(UploadProgressLine.duration(seconds) == text)
    }
}
