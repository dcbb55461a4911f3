#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// A moment's civil date and time of day in UTC, computed without a calendar or a formatter.
///
/// SigV4's stamps, the backend's ISO 8601 timestamps and `hoist dev`'s event times all format from this.
public struct UTCDateTime: Sendable, Equatable {
    /// The year, e.g. 2026.
    public let year: Int64
    /// The month, 1–12.
    public let month: Int64
    /// The day of the month, 1–31.
    public let day: Int64
    /// The hour, 0–23.
    public let hour: Int64
    /// The minute, 0–59.
    public let minute: Int64
    /// The second, 0–59.
    public let second: Int64

    /// The parts of a moment given in whole seconds since 1970-01-01T00:00:00Z (negative before it).
    public init(secondsSince1970 seconds: Int64) {
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = seconds - days * 86_400
        (year, month, day) = Self.civil(fromDays: days)
        hour = secondOfDay / 3600
        minute = secondOfDay % 3600 / 60
        second = secondOfDay % 60
    }

    /// The parts of a date, its fraction of a second dropped.
    public init(_ date: Date) {
        self.init(secondsSince1970: Int64(date.timeIntervalSince1970.rounded(.down)))
    }

    /// Howard Hinnant's days-to-civil algorithm: the date `days` after 1970-01-01.
    static func civil(fromDays days: Int64) -> (Int64, Int64, Int64) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// `value` in at least `width` digits, zero-padded.
    public static func padded(_ value: Int64, _ width: Int = 2) -> String {
        let text = String(value)
        return String(repeating: "0", count: max(0, width - text.count)) + text
    }
}
