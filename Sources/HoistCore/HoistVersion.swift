/// hoist's version and the git commit this binary was built from.
///
/// The version is a constant bumped by hand at a release. The commit comes from a generated, gitignored file
/// (`Sources/HoistCore/HoistBuildStamp+Commit.swift`) that `scripts/stamp-version.sh` writes before a build
/// (`scripts/install.sh` and `scripts/test.sh` run it); a plain `swift build` of a fresh clone has no such file and
/// reports the commit as unknown rather than a wrong one. See ``HoistBuildStamp`` for how the two combine.
public enum HoistVersion {
    /// The release version, semantic versioning.
    public static let version = "0.1.0"

    /// The full SHA-1 of the commit the binary was built from, with `-dirty` when the work tree had uncommitted
    /// changes; nil when the build was not stamped.
    public static let commit: String? = HoistBuildStamp.commit

    /// `0.1.0 (commit 1f3c…)`, or `0.1.0 (commit unknown)`: what `hoist --version` prints.
    public static var description: String {
        "\(version) (commit \(commit ?? "unknown"))"
    }
}
