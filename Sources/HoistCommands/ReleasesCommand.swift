import ArgumentParser
import Foundation
import HoistAWS
import HoistCore

/// `hoist releases`: each function's published versions, which one its alias holds, and a canary's weights.
public struct ReleasesCommand: AsyncParsableCommand {
    /// The command's name and summary.
    public static let configuration = CommandConfiguration(
        commandName: "releases",
        abstract: "List each function's versions: number, age, code digest, commit, and which one the alias holds.")

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The function (default: every function of the stage).")
    var function: String?

    @Option(name: .long, help: "Output format: text or json.")
    var format: OutputFormat = .text

    /// Creates the command.
    public init() {}

    /// Reads and prints; changes nothing.
    public func run() async throws {
        try await CommandRunner.run {
            let config = try ProjectContext.loadConfig(global)
            let aws = try AWSContext(options: global, defaultRegion: config.region)
            let stage = StageFunctions(config)
            let chosen = try function.map { [try stage.function($0)] } ?? stage.all.filter { $0.alias != nil }
            var histories: [ReleaseHistory] = []
            for function in chosen {
                guard let alias = function.alias else { continue }
                histories.append(
                    try await ReleaseHistory.read(
                        function: function.functionName, alias: alias, lambda: Lambda(client: aws.client)))
            }
            if format == .json {
                let data = try JSONSerialization.data(
                    withJSONObject: histories.map(\.jsonObject), options: [.prettyPrinted, .sortedKeys])
                print(String(decoding: data, as: UTF8.self))
            } else {
                print(histories.map { $0.text() }.joined(separator: "\n\n"))
            }
        }
    }
}
