import ArgumentParser
import Foundation
import HoistCore
import HoistDev

/// `hoist dev` for a config with `functions:`: every function its own processes behind its own Runtime APIs, one
/// HTTP front routing by the functions' `http` routes, and with `--endpoint-url` each `queue:` polled at that
/// endpoint; one build of every Swift product first; Ctrl-C stops them all.
///
/// Why apart from ``DevCommand``'s own flow: the one-function form serves exactly as it always did (every request
/// to its function); only a project of several functions has routes to choose between and queues to drain.
struct DevProjectFlow {
    /// The global options (config, stage, region, endpoint).
    let global: GlobalOptions
    /// `--port`.
    let port: UInt16
    /// `--processes`, per function.
    let processes: Int
    /// `--watch`.
    let watch: Bool
    /// `--release`.
    let release: Bool
    /// `--bootstrap`: a folder with an executable per product.
    let bootstrap: String?

    /// Builds, starts every function, polls the queues, and serves until SIGINT or SIGTERM.
    func run(config: HoistConfig, signals: DevSignals) async throws {
        let aws = try AWSContext(options: global, defaultRegion: config.region ?? "us-east-1")
        let names = ResourceNames(project: config.project, stage: config.stageName)
        let identity = await DevIdentity.resolve(config: config, aws: aws, note: note)
        let endpoint = global.endpointURL ?? ProcessInfo.processInfo.environment["AWS_ENDPOINT_URL"]
        let queues = global.endpointURL == nil ? [] : await DevQueues.resolve(config: config, aws: aws, note: note)
        if global.endpointURL == nil, config.functions.contains(where: { $0.queue != nil }) {
            note("queues are polled only with --endpoint-url (a local endpoint: moto, LocalStack)")
        }
        let launches = try DevLaunch.project(
            config: config, aws: aws, identity: identity, bootstrap: bootstrap, release: release, endpoint: endpoint,
            queueUrls: Dictionary(queues.map { ($0.name, $0.source.queueUrl) }) { first, _ in first })
        if signals.stopped { throw ExitCode(130) }
        let functions = launches.map { function, launch in
            DevFunctionConfiguration(
                name: function.name, routeKeys: function.routes, processes: processes, launch: launch.launch,
                timeout: TimeInterval(launch.function.timeout),
                functionArn:
                    "arn:aws:lambda:\(aws.region):\(identity.account):function:\(names.function(function.name))")
        }
        let server: DevProjectServer
        do {
            server = try DevProjectServer(
                port: port, functions: functions, accountId: identity.account, log: DevLog.line)
        } catch {
            throw CommandError(code: "DevServer", message: "\(error)", underlying: error)
        }
        server.start()
        for (function, launch) in launches {
            let triggers = Self.triggers(function, queues: queues)
            DevLog.line("hoist dev: \(function.name): \(triggers), timeout \(launch.function.timeout) s")
        }
        let pollers = DevQueues.start(
            queues, server: server, functions: functions, region: aws.region, log: DevLog.line)
        DevLog.line(
            "hoist dev: \(names.base) on http://127.0.0.1:\(server.port) (\(launches.count) functions, \(processes) "
                + "process\(processes == 1 ? "" : "es") each); Ctrl-C stops")
        if watch && bootstrap == nil {
            DevWatcher.project(
                config: config, builder: DevBuilder(config: config, release: release), server: server,
                launches: launches.map { ($0.function, $0.launch.launch) }
            ).start()
        }
        signals.onReport { DevLog.line("hoist dev: \(server.latency.summary())") }
        await signals.waitForStop()
        for poller in pollers { poller.cancel() }
        server.stop()
        DevLog.line("hoist dev: stopped; \(server.latency.summary())")
    }

    /// What of a function `hoist dev` serves, for its start line: its routes, the queue it polls, and what it
    /// does not serve (a schedule, a function URL: `hoist invoke --local` runs those). Pure.
    static func triggers(_ function: ProjectFunction, queues: [DevQueues.Queue]) -> String {
        var parts: [String] = []
        if !function.routes.isEmpty { parts.append("routes " + function.routes.joined(separator: ", ")) }
        if function.queue != nil, let queue = queues.first(where: { $0.function.name == function.name }) {
            parts.append(DevQueues.describe(queue))
        }
        var elsewhere: [String] = []
        if function.queue != nil, !queues.contains(where: { $0.function.name == function.name }) {
            elsewhere.append("its queue")
        }
        if function.schedule != nil { elsewhere.append("its schedule") }
        if function.url != nil { elsewhere.append("its function URL") }
        if !elsewhere.isEmpty {
            parts.append(
                "not served here: \(elsewhere.joined(separator: ", ")) (hoist invoke --local \(function.name) --event …)"
            )
        }
        return parts.isEmpty ? "no trigger (hoist invoke --local \(function.name))" : parts.joined(separator: "; ")
    }

    private func note(_ text: String) {
        FileHandle.standardError.write(Data("hoist dev: \(text)\n".utf8))
    }
}
