import ArgumentParser
import Foundation
import HoistCore

/// `hoist init`: writes a starter hoist.yml (and with `--backend` a minimal Swift backend); refuses to overwrite
/// without `--force`.
public struct InitCommand: ParsableCommand {
    /// The command's name and summary.
    public static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Write a commented starter hoist.yml in the current folder (--backend: and a minimal Swift backend).")

    @Option(name: .long, help: "The project name (default: this folder's name).")
    var project: String?

    @Option(name: .long, help: "Where to write it.")
    var output = "hoist.yml"

    @Flag(name: .long, help: "Overwrite existing files.")
    var force = false

    @Flag(name: .long, help: "Also write a minimal Swift backend (Package.swift, Sources/Backend/main.swift).")
    var backend = false

    /// Creates the command.
    public init() {}

    /// Writes the template with the project name filled in, then checks that it parses.
    public func run() throws {
        let folder = (output as NSString).deletingLastPathComponent
        let backendFiles = backend ? InitCommand.backendFiles(in: folder.isEmpty ? "." : folder) : []
        for path in [output] + backendFiles.map(\.path) where FileManager.default.fileExists(atPath: path) && !force {
            CommandRunner.printError("\(path) exists; pass --force to overwrite it")
            throw ExitCode(1)
        }
        let folderName = URL(fileURLWithPath: FileManager.default.currentDirectoryPath).lastPathComponent
        let name = InitCommand.projectName(project ?? folderName)
        let text = Templates.hoistYML.replacingOccurrences(of: "project: movies-api", with: "project: \(name)")
        do {
            _ = try HoistConfig.parse(yaml: text, file: output)
        } catch {
            CommandRunner.printError("the starter for '\(name)' does not validate: \(error)")
            throw ExitCode(1)
        }
        try Data(text.utf8).write(to: URL(fileURLWithPath: output))
        for file in backendFiles {
            try FileManager.default.createDirectory(
                atPath: (file.path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try Data(file.contents.utf8).write(to: URL(fileURLWithPath: file.path))
        }
        if backend {
            print(
                "wrote \(output), Package.swift and Sources/Backend/main.swift for project \(name): "
                    + "`hoist dev` runs it here, `hoist deploy` ships it")
        } else {
            print("wrote \(output) for project \(name): edit it, then `hoist plan`")
        }
    }

    /// The minimal backend's files in a folder: the package manifest and the Runtime API loop.
    static func backendFiles(in folder: String) -> [(path: String, contents: String)] {
        [
            ("\(folder)/Package.swift", Templates.backendPackage),
            ("\(folder)/Sources/Backend/main.swift", Templates.backendMain),
        ]
    }

    /// A valid project name from any text: lowercase letters, digits and dashes, starting with a letter.
    static func projectName(_ text: String) -> String {
        var name = String(text.lowercased().map { $0.isLetter || $0.isNumber ? $0 : "-" })
        while name.contains("--") { name = name.replacingOccurrences(of: "--", with: "-") }
        name = name.trimmingCharacters(in: CharacterSet(charactersIn: "-"))
        if name.first?.isLetter != true { name = "app-" + name }
        return String(name.prefix(40)).trimmingCharacters(in: CharacterSet(charactersIn: "-"))
    }
}
