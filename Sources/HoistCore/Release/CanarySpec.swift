/// A canary release: the share of the alias's traffic the new version gets, and how long it is watched.
///
/// Written `10%:5m` (percent, then a window in `s`, `m` or `h`), on the command line (`--canary`) and in hoist.yml
/// (`deploy.canary`).
public struct CanarySpec: Sendable, Equatable, CustomStringConvertible {
    /// The allowed percentages: a canary of 0% tests nothing and one of 100% is a plain release.
    public static let percentRange: ClosedRange<Double> = 0.1...99.9
    /// The allowed windows, in seconds: up to a day.
    public static let windowRange: ClosedRange<Int> = 1...86_400
    /// The allowed thresholds (errors plus throttles in the window).
    public static let thresholdRange: ClosedRange<Int> = 0...1_000_000

    /// The new version's share, in percent.
    public var percent: Double
    /// How long the metrics are watched, in seconds.
    public var windowSeconds: Int
    /// The errors plus throttles the new version may have in the window without being rolled back (default 0).
    public var threshold: Int

    /// Creates a canary.
    public init(percent: Double, windowSeconds: Int, threshold: Int = 0) {
        self.percent = percent
        self.windowSeconds = windowSeconds
        self.threshold = threshold
    }

    /// Parses `10%:5m`; nil when the text is not of that form or out of range (``formatHint`` says what is).
    public init?(_ text: String) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].hasSuffix("%"), let percent = Double(parts[0].dropLast()),
            Self.percentRange.contains(percent), let unit = parts[1].last,
            let amount = Int(parts[1].dropLast()), amount > 0
        else { return nil }
        let multiplier: Int
        switch unit {
        case "s": multiplier = 1
        case "m": multiplier = 60
        case "h": multiplier = 3600
        default: return nil
        }
        guard Self.windowRange.contains(amount * multiplier) else { return nil }
        self.init(percent: percent, windowSeconds: amount * multiplier)
    }

    /// What a valid canary looks like.
    public static let formatHint = "PERCENT%:WINDOW, e.g. 10%:5m (0.1–99.9 %, a window of 1s to 24h in s, m or h)"

    /// The weight Lambda's routing configuration takes (0…1).
    public var weight: Double { percent / 100 }

    /// `10` for 10.0, `2.5` for 2.5.
    public static func percentText(_ percent: Double) -> String {
        let rounded = (percent * 1000).rounded() / 1000
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    }

    /// `10%:5m`.
    public var description: String {
        let percentText = Self.percentText(percent)
        let window =
            windowSeconds % 3600 == 0
            ? "\(windowSeconds / 3600)h" : windowSeconds % 60 == 0 ? "\(windowSeconds / 60)m" : "\(windowSeconds)s"
        return "\(percentText)%:\(window)"
    }
}
