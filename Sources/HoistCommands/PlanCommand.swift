import ArgumentParser
import Foundation
import HoistAWS
import HoistCore

/// `hoist plan`: what `deploy` would change, from read-only calls; text, JSON or Markdown.
public struct PlanCommand: AsyncParsableCommand, Sendable {
    /// The command's name and summary.
    public static let configuration = CommandConfiguration(
        commandName: "plan", abstract: "Show what deploy would change (read-only calls only).")

    @OptionGroup var global: GlobalOptions

    @Option(name: .long, help: "text, json or markdown.")
    var format: PlanFormat = .text

    @Option(name: .long, help: "Also write the JSON plan to this file.")
    var out: String?

    @Flag(name: .customLong("detailed-exitcode"), help: "Exit 0 with no changes, 2 with changes, 1 on error.")
    var detailedExitCode = false

    @Flag(name: .customLong("print-deployer-policy"), help: "Print the IAM policy the deploying identity needs.")
    var printDeployerPolicy = false

    @Flag(name: .customLong("read-only"), help: "With --print-deployer-policy: the policy for plan-only jobs.")
    var readOnly = false

    @Flag(name: .long, help: "Take over untagged resources of hoist's names (a deployment made by hand).")
    var adopt = false

    @Flag(
        name: .customLong("delete-data"),
        help: "Delete what left hoist.yml even when it holds data (a queue with messages); kept otherwise.")
    var deleteData = false

    @OptionGroup var artifacts: ArtifactFlags

    /// Creates the command.
    public init() {}

    /// Builds and packages, reads the live state, prints the plan.
    public func run() async throws {
        try await CommandRunner.run {
            try await Interruption.run {
                let project = try await ProjectContext.load(global)
                if printDeployerPolicy {
                    let policy =
                        readOnly
                        ? PolicyGenerator.readOnlyPolicy(
                            region: project.aws.region, account: project.account, project: project.config.project,
                            bucket: project.config.upload.bucket)
                        : PolicyGenerator.deployerPolicy(
                            region: project.aws.region, account: project.account, project: project.config.project,
                            bucket: project.config.upload.bucket)
                    print(PolicyDocument.pretty(policy.json))
                    return
                }
                let (plan, _) = try await DeployFlow.plan(
                    project, artifacts: artifacts.options, adopt: adopt, deleteData: deleteData, verbose: global.verbose
                )
                try DeployFlow.show(plan, format: format, out: out, color: Terminal.useColor(global))
                if global.verbose { print(project.phases.summary) }
                try DeployFlow.refuseConflicts(plan)
                if detailedExitCode && plan.hasChanges { throw ExitCode(2) }
            }
        }
    }
}

/// The plan output formats.
public enum PlanFormat: String, ExpressibleByArgument, Sendable {
    /// Lines for a terminal.
    case text
    /// The plan document.
    case json
    /// A pull-request comment.
    case markdown
}

/// Flags that choose the bootstrap.
struct ArtifactFlags: ParsableArguments, Sendable {
    @Option(name: .long, help: "Package this bootstrap instead of building the backend.")
    var bootstrap: String?

    @Flag(name: .customLong("skip-build"), help: "Package the last build's bootstrap.")
    var skipBuild = false

    @Flag(name: .customLong("no-gate"), help: "Skip the Amazon Linux compatibility check of the bootstrap.")
    var skipGate = false

    var options: ArtifactOptions { ArtifactOptions(bootstrap: bootstrap, skipBuild: skipBuild, skipGate: skipGate) }
}

/// The steps `plan` and `deploy` share.
enum DeployFlow {
    /// Build, package, read, plan.
    static func plan(
        _ project: ProjectContext, artifacts: ArtifactOptions, adopt: Bool = false, deleteData: Bool = false,
        verbose: Bool = false
    ) async throws -> (
        Plan, DeploymentInputs
    ) {
        let prepared = try await project.phases.measure("build and package") {
            // With --verbose, the files the code zip leaves out by default (.env, keys, .git…) are listed.
            try ArtifactPipeline.prepareProject(project.config, options: artifacts) { result in
                if verbose { PackageCommand.reportLeftOut(result.leftOut, verbose: true) }
            }
        }
        var inputs = DeploymentInputs(
            config: project.config, region: project.aws.region, account: project.account, code: prepared.code,
            layer: prepared.layer, codes: prepared.codes)
        inputs.sourceCommit = SourceCommit.read(in: project.config.baseDirectory)
        let plan = try await project.phases.measure("read and plan") {
            try await DeploymentPlanner(client: project.aws.client).plan(inputs, adopt: adopt, deleteData: deleteData)
        }
        return (plan, inputs)
    }

    /// Prints the plan in a format, writes `--out` and the GitHub step summary.
    static func show(_ plan: Plan, format: PlanFormat, out: String?, color: Bool) throws {
        switch format {
        case .text: print(PlanRenderer.text(plan, color: color))
        case .json: print(PlanRenderer.json(plan))
        case .markdown: print(PlanRenderer.markdown(plan))
        }
        try writeOutputs(plan, out: out)
    }

    /// Exit 1 naming each resource of hoist's names that belongs to someone else.
    static func refuseConflicts(_ plan: Plan) throws {
        guard !plan.conflicts.isEmpty else { return }
        for conflict in plan.conflicts {
            CommandRunner.printError(
                "\(conflict.address) exists and belongs to \(conflict.owner): hoist will not change it"
                    + (conflict.adoptable ? " (pass --adopt to take it over)" : ""))
        }
        throw ExitCode(1)
    }

    /// `--out` and the GitHub step summary.
    static func writeOutputs(_ plan: Plan, out: String?) throws {
        if let out {
            try Data(PlanRenderer.json(plan).utf8).write(to: URL(fileURLWithPath: out))
        }
        if let summary = ProcessInfo.processInfo.environment["GITHUB_STEP_SUMMARY"], !summary.isEmpty {
            let handle = FileHandle(forWritingAtPath: summary)
            if let handle {
                handle.seekToEndOfFile()
                handle.write(Data((PlanRenderer.markdown(plan) + "\n").utf8))
                try? handle.close()
            } else {
                try Data((PlanRenderer.markdown(plan) + "\n").utf8).write(to: URL(fileURLWithPath: summary))
            }
        }
    }
}
