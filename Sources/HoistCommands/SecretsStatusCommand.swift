import ArgumentParser
import Foundation
import HoistAWS
import HoistCore

/// `hoist secrets status`: each secret's versions, stages and creation dates, and whether rotation is due.
public struct SecretsStatusCommand: AsyncParsableCommand {
    /// The command's name and summary.
    public static let configuration = CommandConfiguration(
        commandName: "status", abstract: "List each secret's versions, stages and ages, and whether rotation is due.")

    @OptionGroup var global: GlobalOptions

    @Option(name: .long, help: "Output format: text or json.")
    var format: OutputFormat = .text

    /// Creates the command.
    public init() {}

    /// Reads and prints; never a value.
    public func run() async throws {
        try await CommandRunner.run {
            let config = try ProjectContext.loadConfig(global)
            let aws = try AWSContext(options: global, defaultRegion: config.region)
            let statuses = try await SecretStatus.read(
                client: aws.client, project: config.project, stage: config.stageName, secrets: config.secrets)
            print(format == .json ? try SecretStatus.json(statuses) : SecretStatus.text(statuses))
        }
    }
}
