import Foundation

/// The git commit the project's source is at, for the description of the versions a deploy publishes
/// (`hoist releases` shows it): `HEAD`'s SHA, with `-dirty` when the work tree has uncommitted changes; nil
/// outside a repository or without git.
enum SourceCommit {
    /// The commit of the repository holding `directory`, from one `git status` (it runs on every plan):
    /// `# branch.oid <sha>` names HEAD, and any line not starting with `#` is an uncommitted change.
    static func read(in directory: String) -> String? {
        guard let status = git(["status", "--porcelain=v2", "--branch", "--untracked-files=no"], in: directory)
        else { return nil }
        let lines = status.split(separator: "\n")
        guard let oid = lines.first(where: { $0.hasPrefix("# branch.oid ") })?.dropFirst("# branch.oid ".count),
            oid.count == 40
        else { return nil }
        return String(oid) + (lines.contains { !$0.hasPrefix("#") } ? "-dirty" : "")
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
