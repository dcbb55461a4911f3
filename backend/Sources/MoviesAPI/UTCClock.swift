import HoistSigV4

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// UTC timestamps and the year, from HoistSigV4's calendar-free `UTCDateTime`.
public enum UTCClock {
    /// The UTC year of a date.
    public static func year(of date: Date) -> Int {
        Int(UTCDateTime(date).year)
    }

    /// `YYYY-MM-DDTHH:MM:SSZ`.
    public static func iso8601(_ date: Date) -> String {
        let time = UTCDateTime(date)
        let pad = { UTCDateTime.padded($0) }
        return "\(UTCDateTime.padded(time.year, 4))-\(pad(time.month))-\(pad(time.day))T\(pad(time.hour)):"
            + "\(pad(time.minute)):\(pad(time.second))Z"
    }
}
