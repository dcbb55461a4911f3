import ArgumentParser
import Foundation
import HoistAWS
import HoistCore

/// `hoist deploy`: build → package → plan → confirm → apply → the API URL.
public struct DeployCommand: AsyncParsableCommand, Sendable {
    /// The command's name and summary.
    public static let configuration = CommandConfiguration(
        commandName: "deploy", abstract: "Build, package, plan and apply; prints the API URL.")

    @OptionGroup var global: GlobalOptions

    @Flag(name: .long, help: "Apply without asking.")
    var yes = false

    @Flag(name: .customLong("dry-run"), help: "Stop after the plan.")
    var dryRun = false

    @Flag(name: .long, help: "Take over untagged resources of hoist's names (a deployment made by hand).")
    var adopt = false

    @Flag(
        name: .customLong("delete-data"),
        help: "Delete what left hoist.yml even when it holds data (a queue with messages); kept otherwise.")
    var deleteData = false

    @OptionGroup var canary: CanaryFlags

    @Flag(name: .long, help: "Release at once even when hoist.yml sets deploy.canary.")
    var noCanary = false

    @OptionGroup var artifacts: ArtifactFlags

    /// Creates the command.
    public init() {}

    /// Plans, asks (on a terminal, unless --yes), applies, and prints a summary.
    public func run() async throws {
        try await CommandRunner.run {
            try await Interruption.run {
                let started = Date()
                let project = try await ProjectContext.load(global)
                let (plan, inputs) = try await DeployFlow.plan(
                    project, artifacts: artifacts.options, adopt: adopt, deleteData: deleteData, verbose: global.verbose
                )
                print(PlanRenderer.text(plan, color: Terminal.useColor(global)))
                try DeployFlow.writeOutputs(plan, out: nil)
                try DeployFlow.refuseConflicts(plan)
                if dryRun { return }
                var identities = IdentityStore(
                    Dictionary(plan.resources.compactMap { r in r.observed.map { (r.address, $0.identity) } }) { a, _ in
                        a
                    }
                )
                if plan.hasChanges {
                    if !yes {
                        guard Terminal.isInteractive else {
                            throw CommandError(
                                code: "NeedsConfirmation", message: "deploy asks before changing anything: pass --yes")
                        }
                        guard Terminal.confirm("Apply these changes? Type yes: ") else { throw ExitCode(1) }
                    }
                    let launch = DeployFlow.canary(canary, noCanary: noCanary, config: project.config).map(
                        CanaryLaunch.init)
                    identities = try await DeployFlow.apply(plan, project: project, canary: launch)
                    if let launch { try await DeployFlow.watch(launch, client: project.aws.client) }
                }
                let seconds = String(format: "%.1f", Date().timeIntervalSince(started))
                print("")
                print(
                    "Deployed \(inputs.project) (stage \(inputs.stage)) in \(seconds) s: \(PlanRenderer.summary(plan))")
                DeployFlow.printEndpoints(plan, identities)
                if global.verbose { print(project.phases.summary) }
            }
        }
    }
}

extension DeployFlow {
    /// Applies a plan with the console's lines and upload progress; returns the identities afterwards.
    static func apply(_ plan: Plan, project: ProjectContext, canary: CanaryLaunch? = nil) async throws
        -> IdentityStore
    {
        let console = ApplyConsole()
        defer { console.finish() }
        var context = EngineContext(
            client: project.aws.client,
            scope: DeploymentScope(
                project: plan.project, stage: plan.stage, account: plan.account, region: plan.region,
                partition: plan.partition)
        ) { console.line($0) }
        context.progress = console.progress
        context.canary = canary
        let applier = PlanApplier(context: context)
        return try await project.phases.measure("apply") { try await applier.apply(plan) }
    }

    /// The API URL and the function's ARN, as the identities know them.
    static func printEndpoints(_ plan: Plan, _ identities: IdentityStore) {
        let base = ResourceNames(project: plan.project, stage: plan.stage).base
        if let endpoint = identities[ResourceAddress(.api, base)]?.endpoint { print("API: \(endpoint)") }
        if let arn = identities[ResourceAddress(.function, base)]?.arn { print("Function: \(arn)") }
    }
}
