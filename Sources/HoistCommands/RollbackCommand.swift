import ArgumentParser
import Foundation
import HoistAWS
import HoistCore

/// `hoist rollback`: the alias back to the previous version (or `--to`), with no build, package or upload.
public struct RollbackCommand: AsyncParsableCommand {
    /// The command's name and summary.
    public static let configuration = CommandConfiguration(
        commandName: "rollback",
        abstract: "Move the function's alias back to the previous version (or --to VERSION); no build, no upload.",
        discussion: """
            All traffic switches at once: API Gateway invokes the alias. The version is refused when it needs a
            role, table or secret the stage no longer has. `hoist plan` then shows the stage behind hoist.yml
            until the next deploy moves the alias forward again.
            """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The function (default: the stage's main function).")
    var function: String?

    @Option(name: .long, help: "The version to go to (default: the one before the alias's).")
    var to: Int?

    @Flag(name: .long, help: "Show what would change and change nothing.")
    var dryRun = false

    @Flag(name: .long, help: "Roll back even when the version needs resources the stage no longer has.")
    var force = false

    /// Creates the command.
    public init() {}

    /// Reads, checks, moves the alias.
    public func run() async throws {
        try await CommandRunner.run {
            let config = try ProjectContext.loadConfig(global)
            let aws = try AWSContext(options: global, defaultRegion: config.region)
            let chosen = try StageFunctions(config).function(function)
            guard let alias = chosen.alias else {
                throw CommandError(
                    code: "NoAlias", message: "\(chosen.name) is invoked on $LATEST and has no releases to roll back")
            }
            let lambda = Lambda(client: aws.client)
            let history = try await ReleaseHistory.read(function: chosen.functionName, alias: alias, lambda: lambda)
            let rollback = try Rollback.choose(history, to: to)
            if let target = history.releases.first(where: { $0.version == rollback.to }), rollback.to != rollback.from {
                let problems = try await Rollback.problems(
                    of: target.configuration, names: ResourceNames(project: config.project, stage: config.stageName),
                    client: aws.client)
                if !problems.isEmpty, !force {
                    throw ReleaseError(
                        .incompatible,
                        "version \(rollback.to) of \(chosen.functionName) cannot run on this stage: "
                            + problems.joined(separator: "; "),
                        hint: "choose another with --to (see `hoist releases`), or --force")
                }
            }
            if dryRun {
                print("would roll back \(rollback.summary)")
                return
            }
            _ = try await rollback.apply(lambda, revisionId: history.aliasConfiguration?.revisionId)
            print("rolled back \(rollback.summary)")
            print("hoist plan now shows the stage behind hoist.yml; `hoist deploy` moves the alias forward again")
        }
    }
}
