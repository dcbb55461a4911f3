import Foundation
import HoistSigV4
import Testing

@Suite("UTC date and time without a calendar")
struct UTCDateTimeTests {
    @Test(
        "known moments, before and after 1970, leap days and year ends",
        arguments: [
            (Int64(0), [1970, 1, 1, 0, 0, 0]), (951_782_400, [2000, 2, 29, 0, 0, 0]),
            (1_798_761_599, [2026, 12, 31, 23, 59, 59]), (-1, [1969, 12, 31, 23, 59, 59]),
            (-2_208_988_800, [1900, 1, 1, 0, 0, 0]), (4_107_542_400, [2100, 3, 1, 0, 0, 0]),
        ] as [(Int64, [Int64])])
    func parts(seconds: Int64, expected: [Int64]) {
        let time = UTCDateTime(secondsSince1970: seconds)
        #expect([time.year, time.month, time.day, time.hour, time.minute, time.second] == expected)
    }

    @Test("a date's fraction of a second is dropped, also before 1970; padding keeps wider numbers whole")
    func fractionsAndPadding() {
        #expect(UTCDateTime(Date(timeIntervalSince1970: 59.9)).second == 59)
        #expect(UTCDateTime(Date(timeIntervalSince1970: -0.5)) == UTCDateTime(secondsSince1970: -1))
        #expect(UTCDateTime.padded(7) == "07")
        #expect(UTCDateTime.padded(7, 4) == "0007")
        #expect(UTCDateTime.padded(12_345, 4) == "12345")
    }
}
