import ArgumentParser
import Foundation
import HoistAWS
import HoistCore

/// `hoist deploy`: build → package → plan → confirm → apply → the API URL.
public struct DeployCommand: AsyncParsableCommand {
    /// The command's name and summary.
    public static let configuration = CommandConfiguration(
        commandName: "deploy", abstract: "Build, package, plan and apply; prints the API URL.")

    @OptionGroup var global: GlobalOptions

    @Flag(name: .long, help: "Apply without asking.")
    var yes = false

    @Flag(name: .customLong("dry-run"), help: "Stop after the plan.")
    var dryRun = false

    @OptionGroup var artifacts: ArtifactFlags

    /// Creates the command.
    public init() {}

    /// Plans, asks (on a terminal, unless --yes), applies, and prints a summary.
    public func run() async throws {
        try await CommandRunner.run {
            let started = Date()
            let project = try await ProjectContext.load(global)
            let (plan, outputs, inputs) = try await DeployFlow.plan(project, artifacts: artifacts.options)
            print(PlanRenderer.text(plan, color: Terminal.useColor(global)))
            try DeployFlow.writeOutputs(plan, out: nil)
            if dryRun { return }
            var final = outputs
            if plan.hasChanges {
                if !yes {
                    guard Terminal.isInteractive else {
                        throw CommandError(
                            code: "NeedsConfirmation", message: "deploy asks before changing anything: pass --yes")
                    }
                    guard Terminal.confirm("Apply these changes? Type yes: ") else { throw ExitCode(1) }
                }
                let console = ApplyConsole()
                var applier = DeploymentApplier(client: project.aws.client, inputs: inputs) { console.line($0) }
                applier.progress = console.progress
                defer { console.finish() }
                final = try await project.phases.measure("apply") { try await applier.apply(plan, outputs: outputs) }
            }
            let seconds = String(format: "%.1f", Date().timeIntervalSince(started))
            print("")
            print("Deployed \(inputs.project) (stage \(inputs.stage)) in \(seconds) s: \(PlanRenderer.summary(plan))")
            if let endpoint = final.apiEndpoint { print("API: \(endpoint)") }
            if let functionArn = final.functionArn { print("Function: \(functionArn)") }
            if global.verbose { print(project.phases.summary) }
        }
    }
}
