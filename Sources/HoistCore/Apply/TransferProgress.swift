import Foundation
import HoistAWS

/// Bytes sent of the artifacts being uploaded, summed across concurrent parts and files.
public final class TransferProgress: @unchecked Sendable {
    /// How far the uploads are at one moment.
    public struct Snapshot: Sendable, Equatable {
        /// Bytes sent so far (a resent body counts once).
        public var sent: Int64
        /// Bytes of every upload begun.
        public var total: Int64
        /// Seconds since the first upload began.
        public var elapsed: Double
        /// Whether every upload begun has finished.
        public var finished: Bool

        /// Creates a snapshot.
        public init(sent: Int64, total: Int64, elapsed: Double, finished: Bool) {
            self.sent = sent
            self.total = total
            self.elapsed = elapsed
            self.finished = finished
        }
    }

    private let lock = NSLock()
    private let now: @Sendable () -> Date
    private let onChange: @Sendable (Snapshot) -> Void
    private var started: Date?
    private var totals: [String: Int64] = [:]
    private var positions: [String: [Int: Int64]] = [:]
    private var done: Set<String> = []

    /// Creates a tracker that calls `onChange` on every movement (callers throttle what they draw).
    public init(now: @escaping @Sendable () -> Date = Date.init, onChange: @escaping @Sendable (Snapshot) -> Void) {
        self.now = now
        self.onChange = onChange
    }

    /// Starts counting an upload of `bytes` under `key`.
    public func begin(key: String, bytes: Int64) {
        update {
            if started == nil { started = now() }
            totals[key] = bytes
            positions[key] = [:]
            done.remove(key)
        }
    }

    /// The receiver for one part's body (part 0 for a single PutObject).
    public func receiver(key: String, part: Int) -> BodyProgress {
        BodyProgress { [weak self] position in
            self?.update { self?.positions[key, default: [:]][part] = position }
        }
    }

    /// Marks an upload complete: all its bytes count as sent.
    public func finish(key: String) {
        update {
            positions[key] = [0: totals[key] ?? 0]
            done.insert(key)
        }
    }

    /// The current totals.
    public var snapshot: Snapshot { lock.withLock { makeSnapshot() } }

    private func makeSnapshot() -> Snapshot {
        let sent = positions.values.reduce(Int64(0)) { $0 + $1.values.reduce(0, +) }
        let total = totals.values.reduce(0, +)
        let elapsed = started.map { now().timeIntervalSince($0) } ?? 0
        return Snapshot(
            sent: min(sent, total), total: total, elapsed: elapsed, finished: done.count == totals.count)
    }

    private func update(_ body: () -> Void) {
        let snapshot = lock.withLock {
            body()
            return makeSnapshot()
        }
        onChange(snapshot)
    }
}

/// Renders upload progress as one line: a bar, bytes, rate and time left.
public enum UploadProgressLine {
    /// `[#########-----------]  31.5/60.0 MB  42.1 MB/s  ETA 1s`.
    public static func render(_ snapshot: TransferProgress.Snapshot, width: Int = 24) -> String {
        let fraction = snapshot.total > 0 ? Double(snapshot.sent) / Double(snapshot.total) : 1
        let filled = min(width, Int((fraction * Double(width)).rounded(.down)))
        let bar = "[" + String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled) + "]"
        let megabytes = { (bytes: Int64) in String(format: "%.1f", Double(bytes) / 1_000_000) }
        var line = "\(bar)  \(megabytes(snapshot.sent))/\(megabytes(snapshot.total)) MB"
        guard snapshot.elapsed >= 0.05, snapshot.sent > 0 else { return line + "  starting" }
        let rate = Double(snapshot.sent) / snapshot.elapsed
        line += "  " + String(format: "%.1f", rate / 1_000_000) + " MB/s"
        if snapshot.finished {
            line += "  done in " + duration(snapshot.elapsed)
        } else {
            line += "  ETA " + duration(Double(snapshot.total - snapshot.sent) / rate)
        }
        return line
    }

    /// `7s`, `2m05s`, `1h02m`.
    public static func duration(_ seconds: Double) -> String {
        let whole = Int(seconds.rounded(.up))
        if whole < 60 { return "\(whole)s" }
        if whole < 3600 { return String(format: "%dm%02ds", whole / 60, whole % 60) }
        return String(format: "%dh%02dm", whole / 3600, (whole % 3600) / 60)
    }
}
