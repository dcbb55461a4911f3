import ArgumentParser
import Foundation
import HoistAWS
import HoistCore

/// `hoist secrets rotate NAME`: zero-downtime rotation (AWSPENDING → AWSCURRENT, the old one AWSPREVIOUS).
public struct SecretsRotateCommand: AsyncParsableCommand {
    /// The command's name and summary.
    public static let configuration = CommandConfiguration(
        commandName: "rotate",
        abstract: "Rotate a secret: new random value as AWSPENDING, read back, then AWSCURRENT (old → AWSPREVIOUS).")

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The secret's name in hoist.yml, e.g. JWT_SECRET_KEY.")
    var name: String

    @Flag(name: .customLong("dry-run"), help: "Show what would happen; change nothing.")
    var dryRun = false

    @Option(name: .long, help: "ClientRequestToken (a UUID) to rerun an interrupted rotation idempotently.")
    var token: String?

    /// Creates the command.
    public init() {}

    /// Rotates and prints version ids and stages.
    public func run() async throws {
        try await CommandRunner.run {
            let config = try ProjectContext.loadConfig(global)
            let (secret, id) = try SecretsCommand.resolve(name, in: config)
            let aws = try AWSContext(options: global, defaultRegion: config.region)
            let rotator = SecretRotator(client: aws.client)
            let token = token ?? UUID().uuidString
            do {
                if dryRun {
                    let (step, stages) = try await rotator.dryRun(secretId: id, token: token)
                    print("Dry run: \(id)")
                    SecretsCommand.stageLines(stages.versions).forEach { print($0) }
                    switch step {
                    case .start(let token):
                        print("would write a new version \(token) as AWSPENDING, test it, make it AWSCURRENT")
                    case .resume(let version):
                        print("would complete the interrupted rotation: test \(version), make it AWSCURRENT")
                    case .alreadyCurrent(let version):
                        print("nothing to do: \(version) is already AWSCURRENT")
                    }
                    return
                }
                let result = try await rotator.rotate(secretId: id, length: secret.length, token: token)
                if result.unchanged {
                    print("\(id): \(result.currentVersionId) is already AWSCURRENT; nothing changed")
                } else if result.resumed {
                    print("\(id): completed an interrupted rotation; AWSCURRENT is now \(result.currentVersionId)")
                } else {
                    print("\(id): rotated; AWSCURRENT is now \(result.currentVersionId)")
                }
                SecretsCommand.stageLines(result.stages).forEach { print($0) }
            } catch let error as SecretRotationError {
                throw CommandError(code: error.code, message: error.description, underlying: error)
            }
        }
    }
}
