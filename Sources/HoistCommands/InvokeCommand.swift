import ArgumentParser
import Foundation
import HoistAWS
import HoistCore

/// `hoist invoke [FUNCTION]`: runs a deployed function once with an event and prints its answer.
public struct InvokeCommand: AsyncParsableCommand {
    /// The command's name, summary and help.
    public static let configuration = CommandConfiguration(
        commandName: "invoke", abstract: "Invoke a deployed function with an event and print its response.",
        discussion: """
            Runs the stage's function through its alias (hoist.yml's deploy.alias, default live; the rotation \
            function on $LATEST), synchronously, and prints the response on standard output: pretty-printed JSON \
            on a terminal, the bytes as they are otherwise. Which version ran, the log tail (--log) and a function \
            error (exit 1, with its errorType and errorMessage) go to standard error.

            The caller needs lambda:InvokeFunction on the function. The deployer policy \
            (hoist plan --print-deployer-policy) does not grant it: deploying never invokes.

            --local runs the function on this machine instead, as `hoist dev` does (built for this machine, or \
            --bootstrap; the environment deploy gives it), behind hoist's own Lambda Runtime API: one event, then \
            the process is stopped; at the function's timeout it is killed. --sample writes a sample event of a \
            source (http, sqs, schedule) to standard output, for --event.
            """)

    @OptionGroup var global: GlobalOptions

    @Argument(
        help: "The function: a name of functions: (default: the first), the project's name (one function), or rotate.")
    var function: String?

    @Option(name: .long, help: "The event: a JSON file, or - for standard input (at most 6 MB; default {}).")
    var event: String?

    @Option(name: .long, help: "Invoke this alias instead of the stage's.")
    var alias: String?

    @Option(
        name: .long,
        help: "Invoke this version (a number, or $LATEST) instead of the alias (`hoist --version` prints hoist's own).")
    var version: String?

    @Flag(
        name: .long,
        help: "Print the last 4 KB of the function's log (with --local: all the process wrote) on standard error.")
    var log = false

    @Flag(name: .long, help: "Run the function on this machine (as `hoist dev` does) instead of on AWS.")
    var local = false

    @Option(name: .long, help: "With --local: run this executable (relative to hoist.yml) instead of building.")
    var bootstrap: String?

    @Option(name: .long, help: "Write a sample event of this source to standard output and stop (no config needed).")
    var sample: SampleEvent?

    /// Creates the command.
    public init() {}

    /// Refuses `--alias` with `--version` or `--local`, `--bootstrap` without `--local`, `--sample` with anything
    /// else, and values that are no qualifier, before anything is read.
    public func validate() throws {
        if alias != nil, version != nil { throw ValidationError("--alias and --version cannot be used together") }
        if local, alias != nil || version != nil {
            throw ValidationError("--local runs the code of this folder: --alias and --version name deployed code")
        }
        if bootstrap != nil, !local { throw ValidationError("--bootstrap needs --local") }
        if sample != nil, local || log || event != nil || alias != nil || version != nil || function != nil {
            throw ValidationError("--sample only writes the event: run it alone, then pass the file with --event")
        }
        do {
            if let version { _ = try InvokeTarget.version(version) }
            if let alias { _ = try InvokeTarget.alias(alias) }
        } catch let error as InvokeError {
            throw ValidationError(error.description)
        }
    }

    /// Reads and checks the event, invokes (on AWS, or `--local`), prints; exits 1 on a function error.
    public func run() async throws {
        if let sample {
            FileHandle.standardOutput.write(Data(sample.json.utf8))
            return
        }
        try await CommandRunner.run {
            if local {
                let flow = LocalInvokeFlow(
                    global: global, function: function, event: event, bootstrap: bootstrap, showLog: log)
                try await flow.run()
                return
            }
            let config = try ProjectContext.loadConfig(global)
            let stageFunction = try StageFunctions(config).function(function)
            let target = try InvokeTarget(function: stageFunction, alias: alias, version: version)
            let source = InvokeEventSource(argument: event)
            if source == .standardInput, isatty(0) == 1 {
                StandardError.write("reading the event from standard input (end it with Ctrl-D)\n")
            }
            let payload = try InvokeEvent.read(source)
            let aws = try AWSContext(options: global, defaultRegion: config.region)
            let invocation = try await FunctionInvoker(lambda: Lambda(client: aws.client))
                .invoke(target, payload: payload, tail: log)
            let report = InvocationReport(invocation, target: target, showLog: log, terminal: isatty(1) == 1)
            FileHandle.standardOutput.write(Data(report.standardOutput))
            StandardError.write(report.standardError)
            if report.failed { throw ExitCode(1) }
        }
    }
}

extension SampleEvent: ExpressibleByArgument {}
