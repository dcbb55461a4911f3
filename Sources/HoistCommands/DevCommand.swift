import ArgumentParser
import Dispatch
import Foundation
import HoistAWS
import HoistCore
import HoistDev

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `hoist dev`: runs the backend locally behind an embedded Lambda Runtime API and an HTTP API front; for a
/// config with `functions:`, every function (``DevProjectFlow``).
public struct DevCommand: AsyncParsableCommand {
    /// The command's name, summary and help.
    public static let configuration = CommandConfiguration(
        commandName: "dev",
        abstract: "Run the backend locally: an HTTP API (payload 2.0) front and a Lambda Runtime API on 127.0.0.1.",
        discussion: """
            With functions: in hoist.yml, every function runs as its own processes (--processes each) behind its \
            own Runtime API, and the HTTP front hands each request to the function whose http routes match, as \
            API Gateway matches them (404 {"message":"Not Found"} when none does). With --endpoint-url (moto, \
            LocalStack), each function's queue (<project>-<stage>-<name>) there is polled and its batches are \
            handed to the function as Lambda's event source mapping does: what succeeded is deleted, what failed \
            comes back after the visibility timeout until the queue's redrive moves it to the dead-letter queue. \
            Schedules and function URLs are not served: hoist invoke --local FUNCTION runs one event.
            """)

    @OptionGroup var global: GlobalOptions

    @Option(name: .long, help: "The HTTP front's port on 127.0.0.1 (0: any free port).")
    var port: UInt16 = 3000

    @Option(name: .long, help: "Function processes (per function), each serving one request at a time (1–64).")
    var processes = 2

    @Flag(name: .long, help: "Rebuild and restart the processes when the backend's sources change.")
    var watch = false

    @Flag(name: .long, help: "Build what `hoist build` builds (release, static) instead of a debug build.")
    var release = false

    @Option(
        name: .long,
        help:
            "Run this executable (relative to hoist.yml) instead of building; with functions:, a folder of one per product."
    )
    var bootstrap: String?

    /// Creates the command.
    public init() {}

    /// Refuses a process count outside 1–64.
    public func validate() throws {
        guard (1...64).contains(processes) else { throw ValidationError("--processes must be 1–64") }
    }

    /// Builds, starts the server, and serves until SIGINT or SIGTERM; prints the latency summary on the way out.
    public func run() async throws {
        try await CommandRunner.run {
            let signals = DevSignals()
            let config = try ProjectContext.loadConfig(global)
            if config.hasFunctionMap {
                let flow = DevProjectFlow(
                    global: global, port: port, processes: processes, watch: watch, release: release,
                    bootstrap: bootstrap)
                try await flow.run(config: config, signals: signals)
                return
            }
            let aws = try AWSContext(options: global, defaultRegion: config.region ?? "us-east-1")
            let names = ResourceNames(project: config.project, stage: config.stageName)
            let identity = await DevIdentity.resolve(config: config, aws: aws, note: note)
            let account = identity.account
            let endpoint = global.endpointURL ?? ProcessInfo.processInfo.environment["AWS_ENDPOINT_URL"]
            let started = try DevLaunch.make(
                config: config, functionName: names.base, aws: aws, identity: identity, bootstrap: bootstrap,
                release: release, endpoint: endpoint)
            if signals.stopped { throw ExitCode(130) }
            let launch = started.launch
            let server: DevServer
            do {
                server = try DevServer(
                    DevServerConfiguration(
                        port: port, processes: processes, launch: launch,
                        timeout: TimeInterval(config.function.timeout),
                        functionArn: "arn:aws:lambda:\(aws.region):\(account):function:\(names.base)",
                        accountId: account), log: DevLog.line)
            } catch {
                throw CommandError(code: "DevServer", message: "\(error)", underlying: error)
            }
            server.start()
            DevLog.line(
                "hoist dev: \(names.base) on http://127.0.0.1:\(server.port) (\(processes) process"
                    + "\(processes == 1 ? "" : "es"), timeout \(config.function.timeout) s); Ctrl-C stops")
            if watch && bootstrap == nil {
                if started.python != nil {
                    DevWatcher.python(config: config, server: server, launch: launch).start()
                } else {
                    DevWatcher.swift(
                        builder: DevBuilder(config: config, release: release), server: server, launch: launch
                    ).start()
                }
            }
            signals.onReport { DevLog.line("hoist dev: \(server.latency.summary())") }
            await signals.waitForStop()
            server.stop()
            DevLog.line("hoist dev: stopped; \(server.latency.summary())")
        }
    }

    private func note(_ text: String) {
        FileHandle.standardError.write(Data("hoist dev: \(text)\n".utf8))
    }
}
