import HoistAWS

/// How `hoist logs` prints one event.
///
/// Text (the default, on a terminal or not): a JSON line as `time level requestId message key=value…`, Lambda's
/// REPORT as `time REPORT requestId 2.06 ms, memory 70/128 MB, init 180.33 ms`, START and END folded away (REPORT
/// follows each invocation and says more), any other line as it is. Colour only when asked (a terminal without
/// `--no-color` or `NO_COLOR`). Raw (`--json`): every message exactly as stored, nothing folded or added, for a
/// pipe into jq or a file.
public struct LogEventRenderer: Sendable {
    /// Text or raw.
    public enum Format: Sendable, Equatable {
        /// Columns, summaries, folding.
        case text
        /// The messages as they are.
        case raw
    }

    /// Text or raw.
    public var format: Format
    /// Whether to colour the time, the level and REPORT (text only).
    public var color: Bool

    /// Creates a renderer.
    public init(format: Format = .text, color: Bool = false) {
        self.format = format
        self.color = color
    }

    /// The line to print for `event`; nil when it is folded away.
    public func render(_ event: FilteredLogEvent) -> String? {
        if format == .raw { return LogLine.droppingTrailingNewlines(event.message) }
        let time = paint(Self.time(event.timestamp), .dim)
        switch LogLine(event.message) {
        case .start, .end:
            return nil
        case .report(let report):
            return "\(time) \(paint("REPORT", .cyan)) \(report.requestId) \(report.summary)"
        case .structured(let line):
            return "\(time) \(columns(line))"
        case .plain(let text):
            return text
        }
    }

    /// `level requestId message key=value…`: the level padded to five, a dash for what is missing.
    func columns(_ line: StructuredLogLine) -> String {
        let level = (line.level ?? "-").lowercased()
        let padded = level.count < 5 ? level + String(repeating: " ", count: 5 - level.count) : level
        let fields = line.fields.sorted { $0.key < $1.key }.map { " \($0.key)=\($0.value.rendered)" }.joined()
        return "\(paint(padded, Self.style(level: level))) \(line.requestId ?? "-") \(line.message)\(fields)"
    }

    /// `2025-03-01T12:00:00.123Z`: milliseconds since 1970 in UTC, to the millisecond.
    public static func time(_ milliseconds: Int64) -> String {
        let seconds = milliseconds >= 0 ? milliseconds / 1000 : (milliseconds - 999) / 1000
        let date = UTCDateTime(secondsSince1970: seconds)
        let pad = { UTCDateTime.padded($0) }
        return "\(UTCDateTime.padded(date.year, 4))-\(pad(date.month))-\(pad(date.day))T\(pad(date.hour)):"
            + "\(pad(date.minute)):\(pad(date.second)).\(UTCDateTime.padded(milliseconds - seconds * 1000, 3))Z"
    }

    /// An ANSI style.
    enum Style: String {
        case dim = "2"
        case red = "31"
        case yellow = "33"
        case green = "32"
        case cyan = "36"
        case none = ""
    }

    /// The style of a level: errors red, warnings yellow, info green, debug and trace dim.
    static func style(level: String) -> Style {
        switch level {
        case "error", "fatal", "critical", "panic": return .red
        case "warn", "warning": return .yellow
        case "info", "notice": return .green
        case "debug", "trace": return .dim
        default: return .none
        }
    }

    /// `text` in `style` when colour is on.
    func paint(_ text: String, _ style: Style) -> String {
        guard color, style != .none else { return text }
        return "\u{1B}[\(style.rawValue)m\(text)\u{1B}[0m"
    }
}
