import Foundation

/// The git commit the project's source is at, for the description of the versions a deploy publishes
/// (`hoist releases` shows it): `HEAD`'s SHA, with `-dirty` when the work tree has uncommitted changes; nil
/// outside a repository or without git.
enum SourceCommit {
    /// The commit of the repository holding `directory`.
    static func read(in directory: String) -> String? {
        guard let head = git(["rev-parse", "HEAD"], in: directory), head.count == 40 else { return nil }
        let status = git(["status", "--porcelain", "--untracked-files=no"], in: directory) ?? ""
        return status.isEmpty ? head : head + "-dirty"
    }

    static func git(_ arguments: [String], in directory: String) -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "-C", directory] + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return nil }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
