import Foundation
import HoistCore
import Testing

/// `hoist logs --since`: durations back from now, ISO 8601 times, and what is refused.
@Suite("--since parsing")
struct LogSinceTests {
    /// 2025-03-01T12:00:00.125Z (exact in binary, so no rounding moves a millisecond).
    static let now = Date(timeIntervalSince1970: 1_740_830_400.125)
    static let nowMilliseconds: Int64 = 1_740_830_400_125

    @Test(
        "durations: s, m, h, d back from now",
        arguments: [
            ("30s", 30_000), ("10m", 600_000), ("2h", 7_200_000), ("1d", 86_400_000), ("0s", 0), (" 5m ", 300_000),
        ] as [(String, Int64)])
    func durations(text: String, back: Int64) throws {
        #expect(try LogSince.startTime(text, now: Self.now) == Self.nowMilliseconds - back)
    }

    @Test("the default is ten minutes")
    func defaultValue() throws {
        #expect(try LogSince.startTime(LogSince.defaultValue, now: Self.now) == Self.nowMilliseconds - 600_000)
    }

    @Test(
        "ISO 8601 times: Z, an offset, fractional seconds, a date (midnight UTC)",
        arguments: [
            ("2025-03-01T11:00:00Z", 1_740_826_800_000), ("2025-03-01T13:00:00+02:00", 1_740_826_800_000),
            ("2025-03-01T11:00:00.250Z", 1_740_826_800_250), ("2025-02-28", 1_740_700_800_000),
        ] as [(String, Int64)])
    func isoTimes(text: String, milliseconds: Int64) throws {
        #expect(try LogSince.startTime(text, now: Self.now) == milliseconds)
    }

    @Test(
        "refused, each with its reason",
        arguments: [
            ("", LogSinceError.Reason.empty), ("ten minutes", .unreadable), ("10", .unreadable), ("m", .unreadable),
            ("10w", .unknownUnit("w")), ("10M", .unknownUnit("M")), ("-5m", .unreadable), ("1.5h", .unreadable),
            ("2025-03-01T11:00:00", .unreadable), ("2025-03-01T11:00:00Zjunk", .unreadable),
            ("2025-03-01junk", .unreadable), ("2025-13-01", .unreadable),
            ("2025-03-01T25:00:00Z", .unreadable), ("99999999999999999999d", .beforeEpoch), ("30000000d", .beforeEpoch),
            ("2025-03-02T00:00:00Z", .inTheFuture), ("1969-12-31T00:00:00Z", .beforeEpoch),
        ] as [(String, LogSinceError.Reason)])
    func refused(text: String, reason: LogSinceError.Reason) {
        #expect(throws: LogSinceError(text: text, reason: reason)) { try LogSince.startTime(text, now: Self.now) }
    }

    @Test("the error names the value and says what to type")
    func message() {
        let error = LogSinceError(text: "10w", reason: .unknownUnit("w"))
        #expect(error.code == "InvalidSince")
        #expect(error.description.hasPrefix("--since \"10w\": unknown unit \"w\"\n  hint: "))
        #expect(error.hint.contains("30s, 10m, 2h, 1d") && error.hint.contains("2025-03-01T12:00:00Z"))
    }
}
