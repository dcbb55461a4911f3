import ArgumentParser

/// The `hoist` root command: takes a Swift Lambda backend from source to a running HTTP API.
public struct HoistCommand: AsyncParsableCommand {
    /// The command's name, summary and subcommands.
    public static let configuration = CommandConfiguration(
        commandName: "hoist",
        abstract: "Build, package, plan and deploy a Swift AWS Lambda backend as an HTTP API.",
        subcommands: []
    )

    /// Creates the root command.
    public init() {}
}
