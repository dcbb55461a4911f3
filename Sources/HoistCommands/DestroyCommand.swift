import ArgumentParser
import Foundation
import HoistAWS
import HoistCore

/// `hoist destroy`: a plan with nothing desired, applied by the same engine. Removes what this stage owns,
/// dependents first; tables and secrets stay unless `--delete-data`. Resources of hoist's names that belong to
/// another project or stage are left alone.
public struct DestroyCommand: AsyncParsableCommand, Sendable {
    /// The command's name and summary.
    public static let configuration = CommandConfiguration(
        commandName: "destroy",
        abstract: "Remove the function, layer versions, API, role and log group (data only with --delete-data).")

    @OptionGroup var global: GlobalOptions

    @Flag(name: .customLong("delete-data"), help: "Also delete the tables and the secrets (7-day recovery window).")
    var deleteData = false

    @Flag(name: .long, help: "Do not ask for confirmation.")
    var yes = false

    @Flag(name: .customLong("dry-run"), help: "Print the destroy plan and stop (read-only calls only).")
    var dryRun = false

    @Option(name: .long, help: "text, json or markdown (the plan's format).")
    var format: PlanFormat = .text

    @Option(name: .long, help: "Also write the destroy plan to this file, for `hoist apply`.")
    var out: String?

    @Flag(name: .customLong("detailed-exitcode"), help: "With --dry-run: exit 0 with nothing to delete, 2 otherwise.")
    var detailedExitCode = false

    /// Creates the command.
    public init() {}

    /// Plans the removal, confirms, then applies it.
    public func run() async throws {
        try await CommandRunner.run {
            try await Interruption.run {
                let project = try await ProjectContext.load(global)
                let what = "\(project.config.project) (stage \(project.config.stageName)) in \(project.aws.region)"
                let placeholder = DeploymentInputs.Artifact(sha256Base64: "", sha256Hex: "", bytes: 0, viaS3: false)
                let inputs = DeploymentInputs(
                    config: project.config, region: project.aws.region, account: project.account, code: placeholder,
                    layer: nil)
                let plan = try await project.phases.measure("read and plan") {
                    try await DeploymentPlanner(client: project.aws.client).destroyPlan(inputs, deleteData: deleteData)
                }
                try DeployFlow.show(plan, format: format, out: out, color: Terminal.useColor(global))
                if dryRun {
                    if detailedExitCode && plan.hasChanges { throw ExitCode(2) }
                    return
                }
                if plan.hasChanges && !yes {
                    guard Terminal.isInteractive else {
                        throw CommandError(
                            code: "NeedsConfirmation", message: "destroy asks before deleting: pass --yes")
                    }
                    let extra = deleteData ? ", INCLUDING its tables and secrets" : ""
                    guard Terminal.confirm("Destroy \(what)\(extra)? Type yes: ") else { throw ExitCode(1) }
                }
                if plan.hasChanges { _ = try await DeployFlow.apply(plan, project: project) }
                print("Destroyed \(what): \(plan.count(.delete)) removed, \(plan.kept.count) kept.")
            }
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
