/// Where the build's commit comes from, with or without the generated stamp file.
///
/// Why this shape: the stamp must work with a plain `swift build` (no build plugin, no flags), so the commit cannot
/// come from the build system. `scripts/stamp-version.sh` writes `HoistBuildStamp+Commit.swift` (gitignored) with
/// `extension HoistBuildStamp { static var commit: String? { "<sha>" } }`. A member of the concrete type's own
/// extension wins over the protocol extension's default below, so the stamped value is used when the file exists;
/// without it the default, nil, compiles and `hoist --version` says the commit is unknown.
package enum HoistBuildStamp: HoistBuildStamping {}
