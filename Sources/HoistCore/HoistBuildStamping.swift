/// The fallback side of ``HoistBuildStamp``: a protocol whose extension supplies the unstamped default.
package protocol HoistBuildStamping {
    /// The stamped commit, or nil.
    static var commit: String? { get }
}

extension HoistBuildStamping {
    /// No stamp file: the commit is unknown.
    package static var commit: String? { nil }
}
