/// The version of hoist, for `--version` and plan files.
public enum HoistVersion {
    /// The release.
    public static let version = "0.3.0"
    /// The git commit it was built from, when known.
    public static let commit: String? = nil
    /// `0.3.0 (commit abc1234)`.
    public static var description: String { version + (commit.map { " (commit \($0))" } ?? "") }
}
