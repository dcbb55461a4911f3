import ArgumentParser
import Foundation
import HoistAWS
import HoistCore

/// `hoist secrets`: rotate, inspect and set the secrets of hoist.yml; values are never printed.
public struct SecretsCommand: AsyncParsableCommand {
    /// The command's name, summary and subcommands.
    public static let configuration = CommandConfiguration(
        commandName: "secrets",
        abstract: "Rotate, inspect and set the project's secrets (values are never printed).",
        subcommands: [SecretsRotateCommand.self, SecretsStatusCommand.self, SecretsSetCommand.self])

    /// Creates the command.
    public init() {}

    /// The config's secret called `name`, and its Secrets Manager name; refuses a name hoist.yml lacks.
    ///
    /// `repeatName: false` (for `set`, where a value may have been pasted as the name) leaves the name given
    /// out of the refusal; the known names are listed either way.
    static func resolve(_ name: String, in config: HoistConfig, repeatName: Bool = true) throws -> (
        secret: SecretConfig, id: String
    ) {
        guard let secret = config.secrets.first(where: { $0.name == name }) else {
            let known = config.secrets.map(\.name).joined(separator: ", ")
            let subject = repeatName ? name : "the name given (not repeated here, in case it is a value)"
            throw CommandError(
                code: "UnknownSecret",
                message:
                    "\(subject) is not a secret of \(config.configFile) (secrets: \(known.isEmpty ? "none" : known))")
        }
        return (secret, ResourceNames(project: config.project, stage: config.stageName).secret(name))
    }

    /// `id  STAGES` lines for every version that holds a label.
    static func stageLines(_ stages: [String: [String]]) -> [String] {
        stages.filter { !$0.value.isEmpty }.sorted { SecretStatus.rankOf($0.value) < SecretStatus.rankOf($1.value) }
            .map { "  \($0.key)  \($0.value.sorted().joined(separator: ","))" }
    }
}
