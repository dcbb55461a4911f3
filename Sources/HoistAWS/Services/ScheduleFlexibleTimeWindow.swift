/// How far from its time a schedule may run: `OFF` runs it on time.
public struct ScheduleFlexibleTimeWindow: Codable, Sendable, Equatable {
    /// `OFF` or `FLEXIBLE`.
    public var mode: String
    /// The window's length in minutes when `FLEXIBLE`.
    public var maximumWindowInMinutes: Int?

    /// Creates a window.
    public init(mode: String, maximumWindowInMinutes: Int? = nil) {
        self.mode = mode
        self.maximumWindowInMinutes = maximumWindowInMinutes
    }

    /// On time, no window.
    public static let off = ScheduleFlexibleTimeWindow(mode: "OFF")
}
