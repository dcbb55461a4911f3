import ArgumentParser
import Foundation
import HoistAWS
import HoistCore

/// `hoist secrets set NAME`: a new AWSCURRENT value read from standard input only.
public struct SecretsSetCommand: AsyncParsableCommand {
    /// The command's name and summary.
    public static let configuration = CommandConfiguration(
        commandName: "set",
        abstract: "Set a secret's value from standard input (never from an argument); the old one → AWSPREVIOUS.")

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The secret's name in hoist.yml, e.g. JWT_SECRET_KEY.")
    var name: String

    /// Anything else on the command line: refused without being echoed (it may be the value).
    @Argument(parsing: .allUnrecognized, help: .hidden)
    var rest: [String] = []

    /// Creates the command.
    public init() {}

    /// Reads standard input to its end (one trailing newline dropped) and stores it as the new version.
    ///
    /// Nothing the user typed where a name belongs is repeated in a refusal: a value pasted there would
    /// otherwise end up on the terminal, in CI logs and scrollback.
    public func run() async throws {
        try await CommandRunner.run {
            guard rest.isEmpty else {
                throw CommandError(
                    code: "ValueInArguments",
                    message: "hoist secrets set takes the value from standard input only; an argument would show "
                        + "in the process list and shell history. Nothing was stored. "
                        + "Use: hoist secrets set NAME < file")
            }
            guard isatty(0) == 0 else {
                throw CommandError(
                    code: "NoInput", message: "pipe the value into standard input: hoist secrets set NAME < file")
            }
            let config = try ProjectContext.loadConfig(global)
            let (_, id) = try SecretsCommand.resolve(name, in: config, repeatName: false)
            try CoreDumpGuard.disable()
            let value: SecretValue
            do {
                value = try SecretInput.read(fileDescriptor: 0)
            } catch let error as SecretInputError {
                throw CommandError(code: error.code.rawValue, message: error.description, underlying: error)
            }
            let aws = try AWSContext(options: global, defaultRegion: config.region)
            do {
                let result = try await SecretRotator(client: aws.client).set(secretId: id, value: value)
                print("\(id): new version \(result.currentVersionId) is AWSCURRENT")
                SecretsCommand.stageLines(result.stages).forEach { print($0) }
            } catch let error as SecretRotationError {
                throw CommandError(code: error.code, message: error.description, underlying: error)
            }
        }
    }
}
