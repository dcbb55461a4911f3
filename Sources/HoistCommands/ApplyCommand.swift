import ArgumentParser
import Foundation
import HoistAWS
import HoistCore
import HoistCurl

/// `hoist apply PLAN`: applies a saved plan exactly as reviewed, and nothing else.
///
/// No config, no build, no new plan: the file carries the specs, the identities read and the artifacts' digests.
/// Before changing anything it checks the plan is for this account, region and stage, that every artifact on disk
/// has the planned digest, and that every resource the plan touches is still as it was read.
public struct ApplyCommand: AsyncParsableCommand, Sendable {
    /// The command's name and summary.
    public static let configuration = CommandConfiguration(
        commandName: "apply",
        abstract: "Apply a plan written by `hoist plan --out` (or `hoist destroy --out`) exactly as reviewed.")

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The plan file.")
    var planFile: String

    @OptionGroup var canary: CanaryFlags

    /// Creates the command.
    public init() {}

    /// Reads the plan, checks it still holds, applies it.
    public func run() async throws {
        try await CommandRunner.run {
            try await Interruption.run {
                let started = Date()
                guard let data = FileManager.default.contents(atPath: planFile) else {
                    throw CommandError(code: "NoPlan", message: "\(planFile) cannot be read")
                }
                let plan = try PlanFile.decode(data, path: planFile)
                let aws = try AWSContext(
                    options: global, transport: RequestCounter(CurlTransport()), defaultRegion: plan.region)
                let identity = try await STS(client: aws.client).getCallerIdentity()
                try PlanVerifier.checkTarget(plan, account: identity.account, region: aws.region, stage: global.stage)
                try DeployFlow.refuseConflicts(plan)
                try PlanVerifier.checkArtifacts(plan)
                let scope = DeploymentScope(
                    project: plan.project, stage: plan.stage, account: plan.account, region: plan.region,
                    partition: plan.partition)
                try await PlanVerifier(context: EngineContext(client: aws.client, scope: scope)).checkDrift(plan)
                print(PlanRenderer.text(plan, color: Terminal.useColor(global)))
                guard plan.hasChanges else {
                    print("Nothing to apply.")
                    return
                }
                let console = ApplyConsole()
                var context = EngineContext(client: aws.client, scope: scope) { console.line($0) }
                context.progress = console.progress
                context.canary = canary.spec().map(CanaryLaunch.init)
                let identities = try await PlanApplier(context: context).apply(plan)
                console.finish()
                if let launch = context.canary { try await DeployFlow.watch(launch, client: aws.client) }
                let seconds = String(format: "%.1f", Date().timeIntervalSince(started))
                print("")
                print(
                    "Applied \(planFile) to \(plan.project) (stage \(plan.stage)) in \(seconds) s: \(PlanRenderer.summary(plan))"
                )
                if plan.mode == .deploy { DeployFlow.printEndpoints(plan, identities) }
            }
        }
    }
}
