import ArgumentParser
import Foundation
import HoistAWS
import HoistCore

/// `hoist whoami`: the identity the credential chain resolved, and where it came from.
public struct WhoamiCommand: AsyncParsableCommand {
    /// The command's name and summary.
    public static let configuration = CommandConfiguration(
        commandName: "whoami", abstract: "Show the AWS identity, region and endpoint hoist would use.")

    @OptionGroup var global: GlobalOptions

    @Option(name: .long, help: "Output format: text or json.")
    var format: OutputFormat = .text

    /// Creates the command.
    public init() {}

    /// Calls STS GetCallerIdentity and prints the answer; never a secret.
    public func run() async throws {
        try await CommandRunner.run {
            let context = try AWSContext(options: global, defaultRegion: "us-east-1")
            let identity = try await STS(client: context.client).getCallerIdentity()
            let report = WhoamiReport(
                account: identity.account, arn: identity.arn, userId: identity.userId, region: context.region,
                endpoint: context.client.endpoint(for: .sts).url, credentialSource: context.credentials.source)
            print(format == .json ? report.json() : report.text())
        }
    }
}

/// Text or JSON output.
public enum OutputFormat: String, ExpressibleByArgument, Sendable {
    /// Human-readable lines.
    case text
    /// A JSON document.
    case json
}

/// What `hoist whoami` prints.
public struct WhoamiReport: Codable, Equatable, Sendable {
    /// The account id.
    public var account: String
    /// The caller's ARN.
    public var arn: String
    /// The user or session id.
    public var userId: String
    /// The region.
    public var region: String
    /// The STS endpoint used.
    public var endpoint: String
    /// Where the credentials came from.
    public var credentialSource: String

    /// Aligned `key: value` lines.
    public func text() -> String {
        [
            ("account", account), ("arn", arn), ("user id", userId), ("region", region), ("endpoint", endpoint),
            ("credentials", credentialSource),
        ].map { "\($0.0.padding(toLength: 12, withPad: " ", startingAt: 0))\($0.1)" }.joined(separator: "\n")
    }

    /// One JSON object with sorted keys.
    public func json() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        return String(decoding: (try? encoder.encode(self)) ?? Data(), as: UTF8.self)
    }
}

/// Runs a command body and turns hoist's errors into a message on stderr and exit status 1.
public enum CommandRunner {
    /// Runs `body`; AWS, credential and command errors print `error: …` and exit 1.
    public static func run(_ body: () async throws -> Void) async throws {
        do {
            try await body()
        } catch let error as ExitCode {
            throw error
        } catch is Interruption.ExitCode130 {
            throw ExitCode(130)
        } catch is CancellationError {
            throw ExitCode(130)
        } catch let error as AWSError {
            printError(error.description)
            throw ExitCode(1)
        } catch let error as CredentialError {
            printError(error.description)
            throw ExitCode(1)
        } catch let error as CommandError {
            printError(error.description)
            throw ExitCode(1)
        } catch let error as HoistConfigErrors {
            FileHandle.standardError.write(Data("\(error.description)\n".utf8))
            throw ExitCode(1)
        } catch let error as EngineError {
            printError(error.description + (error.hint.map { "\n  hint: \($0)" } ?? ""))
            throw ExitCode(1)
        } catch let error as any ReportedError {
            printError(error.description)
            throw ExitCode(1)
        }
    }

    /// Writes `error: message` to standard error.
    public static func printError(_ message: String) {
        FileHandle.standardError.write(Data("error: \(message)\n".utf8))
    }
}
