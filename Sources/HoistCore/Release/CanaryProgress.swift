/// Where a canary stands after a poll: what a terminal redraws on one line and CI prints as a plain line.
public struct CanaryProgress: Sendable, Equatable {
    /// The release watched.
    public var release: CanaryRelease
    /// The new version's share, in percent.
    public var percent: Double
    /// Seconds since the canary started.
    public var elapsedSeconds: Double
    /// The window's length in seconds.
    public var windowSeconds: Int
    /// The new version's failures so far.
    public var counts: CanaryCounts
    /// The failures allowed in the window.
    public var threshold: Int

    /// Creates a progress report.
    public init(
        release: CanaryRelease, percent: Double, elapsedSeconds: Double, windowSeconds: Int, counts: CanaryCounts,
        threshold: Int
    ) {
        self.release = release
        self.percent = percent
        self.elapsedSeconds = elapsedSeconds
        self.windowSeconds = windowSeconds
        self.counts = counts
        self.threshold = threshold
    }

    /// `canary movies-api-dev:live 3 → 4 (10%): 1m10s of 5m, 0 errors, 0 throttles`.
    public var line: String {
        let share = "\(CanarySpec.percentText(percent))%"
        let elapsed = Self.duration(Int(elapsedSeconds.rounded(.down)))
        return "canary \(release) (\(share)): \(elapsed) of \(Self.duration(windowSeconds)), "
            + "\(counts.errors) error\(counts.errors == 1 ? "" : "s"), "
            + "\(counts.throttles) throttle\(counts.throttles == 1 ? "" : "s")"
    }

    /// `45s`, `1m10s`, `5m`, `1h2m`.
    static func duration(_ seconds: Int) -> String {
        let hours = seconds / 3600
        let minutes = seconds % 3600 / 60
        let rest = seconds % 60
        if hours > 0 { return "\(hours)h" + (minutes > 0 ? "\(minutes)m" : "") }
        if minutes > 0 { return "\(minutes)m" + (rest > 0 ? "\(rest)s" : "") }
        return "\(rest)s"
    }
}
