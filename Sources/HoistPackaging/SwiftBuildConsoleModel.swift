/// What the console shows of a `swift build` run, without any I/O or clock (pure, unit-tested).
///
/// Feed it every line; it answers with the lines to print in full now, keeps the latest step for the status line
/// and counts the static-linking notices. With `verbose`, every line is printed as it came.
public struct SwiftBuildConsoleModel: Sendable {
    /// Print every line unchanged (`--verbose`).
    public let verbose: Bool
    /// The latest progress step seen.
    public private(set) var step: SwiftBuildStep?
    /// glibc's static-linking notices seen (not shown unless verbose).
    public private(set) var staticLinkNotices = 0
    /// How often a line is printed when there is no terminal to redraw, in seconds.
    public static let reportInterval = 30.0

    /// Creates a model.
    public init(verbose: Bool) {
        self.verbose = verbose
    }

    /// Takes one line of swift's output; returns the lines to print in full now (none, or this one).
    public mutating func consume(_ line: String) -> [String] {
        switch SwiftBuildLine.classify(line) {
        case .progress(let step):
            self.step = step
            return verbose ? [line] : []
        case .staticLinkNotice:
            staticLinkNotices += 1
            return verbose ? [line] : []
        case .other(let text):
            return [text]
        }
    }

    /// The status line: `[412/998] Compiling CNIOBoringSSL x509.c … 1m12s`, the message shortened so the whole
    /// line (after `prefix`) fits in `width` columns.
    public func statusLine(prefix: String, elapsed: Double, width: Int) -> String {
        let time = Self.duration(elapsed)
        let text = step?.text ?? "starting"
        let room = max(10, width - 1 - prefix.count - time.count - 3)
        let shown = text.count > room ? String(text.prefix(room - 1)) + "…" : text
        return "\(prefix)\(shown) … \(time)"
    }

    /// `28 static-linking notices, see --verbose`; nil when there were none or they were shown.
    public var noticeSummary: String? {
        guard staticLinkNotices > 0, !verbose else { return nil }
        let noun = staticLinkNotices == 1 ? "notice" : "notices"
        return "\(staticLinkNotices) static-linking \(noun) (glibc, harmless for Lambda), see --verbose"
    }

    /// Whether a periodic line is due (no terminal): `interval` seconds after the last one, or the start.
    public static func isReportDue(now: Double, last: Double, interval: Double = reportInterval) -> Bool {
        now - last >= interval
    }

    /// `45s`, `1m12s`, `1h02m03s`.
    public static func duration(_ seconds: Double) -> String {
        let total = max(0, Int(seconds))
        let (hours, minutes, secs) = (total / 3600, total / 60 % 60, total % 60)
        if hours > 0 { return "\(hours)h" + pad(minutes) + "m" + pad(secs) + "s" }
        if minutes > 0 { return "\(minutes)m" + pad(secs) + "s" }
        return "\(secs)s"
    }

    private static func pad(_ value: Int) -> String {
        value < 10 ? "0\(value)" : "\(value)"
    }
}
