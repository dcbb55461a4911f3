import ArgumentParser
import Foundation
import HoistAWS
import HoistCore

/// `hoist destroy`: removes what hoist created for a stage; tables and secrets stay unless `--delete-data`.
public struct DestroyCommand: AsyncParsableCommand {
    /// The command's name and summary.
    public static let configuration = CommandConfiguration(
        commandName: "destroy",
        abstract: "Remove the function, layer versions, API, role and log group (data only with --delete-data).")

    @OptionGroup var global: GlobalOptions

    @Flag(name: .customLong("delete-data"), help: "Also delete the tables and the secrets (7-day recovery window).")
    var deleteData = false

    @Flag(name: .long, help: "Do not ask for confirmation.")
    var yes = false

    /// Creates the command.
    public init() {}

    /// Confirms, then deletes in reverse dependency order.
    public func run() async throws {
        try await CommandRunner.run {
            let project = try await ProjectContext.load(global)
            let what = "\(project.config.project) (stage \(project.config.stageName)) in \(project.aws.region)"
            if !yes {
                guard Terminal.isInteractive else {
                    throw CommandError(code: "NeedsConfirmation", message: "destroy asks before deleting: pass --yes")
                }
                let extra = deleteData ? ", INCLUDING its tables and secrets" : ""
                guard Terminal.confirm("Destroy \(what)\(extra)? Type yes: ") else { throw ExitCode(1) }
            }
            let placeholder = DeploymentInputs.Artifact(sha256Base64: "", sha256Hex: "", bytes: 0, viaS3: false)
            let inputs = DeploymentInputs(
                config: project.config, region: project.aws.region, account: project.account, code: placeholder,
                layer: nil)
            let summary = try await DeploymentDestroyer(client: project.aws.client, inputs: inputs) { line in
                print(line)
            }.destroy(deleteData: deleteData)
            print("Destroyed \(what): \(summary.removed.count) removed, \(summary.kept.count) kept.")
        }
    }
}

/// Terminal facts and prompts.
enum Terminal {
    /// Whether standard input and output are a terminal.
    static var isInteractive: Bool { isatty(0) == 1 && isatty(1) == 1 }

    /// Whether standard output is a terminal and colour is allowed.
    static func useColor(_ global: GlobalOptions) -> Bool {
        !global.noColor && isatty(1) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
    }

    /// Asks a question; true when the answer is `yes`.
    static func confirm(_ question: String) -> Bool {
        print(question, terminator: "")
        fflush(nil)  // all output streams: the prompt shows before reading
        return readLine()?.trimmingCharacters(in: .whitespaces).lowercased() == "yes"
    }
}
