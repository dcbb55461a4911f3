import Foundation
import HoistCore
import Testing

@Suite("hoist --version")
struct VersionCommandTests {
    /// The stamp `scripts/stamp-version.sh` writes before a build; absent in an unstamped build.
    static let stampFile = HoistBinary.packageRoot.appendingPathComponent(
        "Sources/HoistCore/HoistBuildStamp+Commit.swift")

    @Test("prints the version and the commit it was built from, exit 0")
    func printsVersionAndCommit() throws {
        let result = try HoistBinary.runProcess(
            HoistBinary.executable, ["--version"], environment: ["PATH": "/usr/bin:/bin"])
        #expect(result.status == 0, "\(result.stderr)")
        let line = result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(line == HoistVersion.description)
        #expect(line.hasPrefix("\(HoistVersion.version) (commit "))
        if FileManager.default.fileExists(atPath: Self.stampFile.path) {
            let head = try HoistBinary.runProcess(
                URL(fileURLWithPath: "/usr/bin/git"), ["-C", HoistBinary.packageRoot.path, "rev-parse", "HEAD"])
            let sha = head.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(sha.count == 40)
            let commit = try #require(HoistVersion.commit)
            #expect(
                commit == sha || commit == sha + "-dirty",
                "stamped \(commit), work tree at \(sha): run scripts/stamp-version.sh before swift build")
            #expect(line.contains(sha))
        } else {
            #expect(HoistVersion.commit == nil)
            #expect(line.hasSuffix("(commit unknown)"))
        }
    }
}
