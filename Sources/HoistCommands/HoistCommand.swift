import ArgumentParser
import HoistCore

/// The `hoist` root command: takes a Swift Lambda backend from source to a running HTTP API.
@available(macOS 10.15, *)
public struct HoistCommand: AsyncParsableCommand {
    /// The command's name, summary and subcommands.
    public static let configuration = CommandConfiguration(
        commandName: "hoist",
        abstract: "Build, package, plan and deploy a Swift AWS Lambda backend as an HTTP API.",
        version: HoistVersion.description,
        subcommands: [
            InitCommand.self, WhoamiCommand.self, BuildCommand.self, PackageCommand.self, PlanCommand.self,
            ApplyCommand.self, DeployCommand.self, DestroyCommand.self, ReleasesCommand.self, RollbackCommand.self,
            LogsCommand.self, InvokeCommand.self, SecretsCommand.self, DevCommand.self,
        ]
    )

    /// Creates the root command.
    public init() {}
}

@available(macOS 10.15, *)
extension HoistCommand {
    /// Parses the process arguments and runs the chosen command, awaiting async ones.
    public static func runFromCommandLine() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: error)
        }
    }
}
