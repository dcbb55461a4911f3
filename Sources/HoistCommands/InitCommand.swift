import ArgumentParser
import Foundation
import HoistCore

/// `hoist init`: writes a starter hoist.yml; refuses to overwrite without `--force`.
public struct InitCommand: ParsableCommand {
    /// The command's name and summary.
    public static let configuration = CommandConfiguration(
        commandName: "init", abstract: "Write a commented starter hoist.yml in the current folder.")

    @Option(name: .long, help: "The project name (default: this folder's name).")
    var project: String?

    @Option(name: .long, help: "Where to write it.")
    var output = "hoist.yml"

    @Flag(name: .long, help: "Overwrite an existing file.")
    var force = false

    /// Creates the command.
    public init() {}

    /// Writes the template with the project name filled in, then checks that it parses.
    public func run() throws {
        if FileManager.default.fileExists(atPath: output) && !force {
            CommandRunner.printError("\(output) exists; pass --force to overwrite it")
            throw ExitCode(1)
        }
        let folder = URL(fileURLWithPath: FileManager.default.currentDirectoryPath).lastPathComponent
        let name = InitCommand.projectName(project ?? folder)
        let text = Templates.hoistYML.replacingOccurrences(of: "project: movies-api", with: "project: \(name)")
        do {
            _ = try HoistConfig.parse(yaml: text, file: output)
        } catch {
            CommandRunner.printError("the starter for '\(name)' does not validate: \(error)")
            throw ExitCode(1)
        }
        try Data(text.utf8).write(to: URL(fileURLWithPath: output))
        print("wrote \(output) for project \(name): edit it, then `hoist plan`")
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
