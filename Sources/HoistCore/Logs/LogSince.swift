import Foundation

/// `hoist logs --since`: a duration back from now (`30s`, `10m`, `2h`, `1d`) or an ISO 8601 time
/// (`2025-03-01T12:00:00Z`, with fractional seconds or an offset, or a date `2025-03-01`, midnight UTC), as the
/// start of FilterLogEvents' range in milliseconds since 1970.
///
/// Why its own type: the command is thin, and what a user may type (and each way it can be wrong) is tested
/// without a clock: `now` is given.
public enum LogSince {
    /// The default: the last ten minutes.
    public static let defaultValue = "10m"

    /// The start time `text` means at `now`, in milliseconds since 1970.
    public static func startTime(_ text: String, now: Date) throws -> Int64 {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let nowMilliseconds = Int64((now.timeIntervalSince1970 * 1000).rounded(.down))
        guard !trimmed.isEmpty else { throw LogSinceError(text: text, reason: .empty) }
        if let unit = trimmed.last, unit.isLetter, trimmed.dropLast().allSatisfy(\.isASCIIDigit) {
            return try relative(trimmed, unit: unit, now: nowMilliseconds)
        }
        guard let date = iso8601(trimmed) else { throw LogSinceError(text: text, reason: .unreadable) }
        let milliseconds = Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
        guard milliseconds >= 0 else { throw LogSinceError(text: text, reason: .beforeEpoch) }
        guard milliseconds <= nowMilliseconds else { throw LogSinceError(text: text, reason: .inTheFuture) }
        return milliseconds
    }

    /// `<digits><unit>` back from `now`.
    static func relative(_ text: String, unit: Character, now: Int64) throws -> Int64 {
        let units: [Character: Int64] = ["s": 1000, "m": 60_000, "h": 3_600_000, "d": 86_400_000]
        guard let scale = units[unit] else { throw LogSinceError(text: text, reason: .unknownUnit(unit)) }
        let digits = text.dropLast()
        guard !digits.isEmpty else { throw LogSinceError(text: text, reason: .unreadable) }
        guard let count = Int64(digits) else { throw LogSinceError(text: text, reason: .beforeEpoch) }
        let (span, overflow) = count.multipliedReportingOverflow(by: scale)
        guard !overflow, span <= now else { throw LogSinceError(text: text, reason: .beforeEpoch) }
        return now - span
    }

    /// The shapes taken: a date, or a date and time with optional fractional seconds and a zone. The formatter
    /// alone reads a valid start and ignores what follows (`…Zjunk`; a date-only format, the date of a longer text,
    /// hence that format only for a text of ten characters).
    static var shape: Regex<(Substring, Substring?, Substring?, Substring?)> {
        /[0-9]{4}-[0-9]{2}-[0-9]{2}(T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,9})?(Z|[+-][0-9]{2}:[0-9]{2}))?/
    }

    /// An ISO 8601 time with a zone (`Z` or `±hh:mm`), with or without fractional seconds, or a full date.
    static func iso8601(_ text: String) -> Date? {
        guard text.wholeMatch(of: shape) != nil else { return nil }
        let variants: [ISO8601DateFormatter.Options] = [
            [.withInternetDateTime], [.withInternetDateTime, .withFractionalSeconds], [.withFullDate],
        ]
        for options in variants where options != [.withFullDate] || text.count == 10 {
            let formatter = ISO8601DateFormatter()
            formatter.formatOptions = options
            formatter.timeZone = TimeZone(identifier: "UTC")
            if let date = formatter.date(from: text) { return date }
        }
        return nil
    }
}

extension Character {
    /// Whether this is one of `0`…`9` (not any Unicode digit).
    fileprivate var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
