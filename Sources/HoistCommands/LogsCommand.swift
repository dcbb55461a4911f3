import ArgumentParser
import Foundation
import HoistAWS
import HoistCore

/// `hoist logs [FUNCTION]`: a function's CloudWatch log events, each once and in time order; `--follow` keeps
/// polling until Ctrl-C.
public struct LogsCommand: AsyncParsableCommand {
    /// The command's name and summary.
    public static let configuration = CommandConfiguration(
        commandName: "logs",
        abstract: "Print a function's log events (all streams, time order); --follow for new ones until Ctrl-C.")

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The function: the project's name (the default) or `rotate`.")
    var function: String?

    @Option(name: .long, help: "From when: 30s, 10m, 2h, 1d back from now, or an ISO 8601 time.")
    var since: String = LogSince.defaultValue

    @Flag(name: .long, help: "Keep printing new events until Ctrl-C (exit 0).")
    var follow = false

    @Option(name: .long, help: "A CloudWatch Logs filter pattern, e.g. ERROR or '\"request failed\"'.")
    var filter: String?

    @Flag(name: .long, help: "Print each message as it is (the backend's JSON lines), nothing folded.")
    var json = false

    @Option(name: .customLong("poll-interval"), help: .hidden)
    var pollInterval: Double = 2

    @Option(name: .customLong("page-size"), help: .hidden)
    var pageSize: Int?

    /// Creates the command.
    public init() {}

    /// Refuses a page size the service would refuse.
    public func validate() throws {
        if let pageSize, !(1...10_000).contains(pageSize) { throw ValidationError("--page-size must be 1 to 10000") }
    }

    /// Resolves the function, then prints its events once, or follows them.
    public func run() async throws {
        try await CommandRunner.run {
            let config = try ProjectContext.loadConfig(global)
            let target = try StageFunctions(config).function(function)
            let start = try Self.startTime(since)
            let aws = try AWSContext(options: global, defaultRegion: config.region)
            let source = CloudWatchLogEventSource(
                logs: CloudWatchLogs(client: aws.client), logGroup: target.logGroup, filterPattern: filter,
                pageSize: pageSize)
            let renderer = LogEventRenderer(format: json ? .raw : .text, color: Terminal.useColor(global))
            try await Self.missingGroupExplained(target.logGroup) {
                if follow {
                    let interval = Duration.milliseconds(Int64((max(pollInterval, 0.05) * 1000).rounded()))
                    try await Self.untilStopped {
                        try await LogFollower.follow(source, from: start, interval: interval) {
                            Self.write($0, renderer)
                        }
                    }
                } else {
                    Self.write(try await LogFollower.once(source, from: start), renderer)
                }
            }
        }
    }

    /// `--since` as milliseconds since 1970.
    static func startTime(_ text: String) throws -> Int64 { try LogSince.startTime(text, now: Date()) }

    /// Runs `body`; a log group that does not exist says what that means instead of the bare service error.
    static func missingGroupExplained(_ group: String, _ body: () async throws -> Void) async throws {
        do {
            try await body()
        } catch let error as AWSError where error.code == "ResourceNotFoundException" {
            throw CommandError(
                code: "NoLogGroup",
                message: "log group \(group) does not exist: the stage is not deployed, or the function never ran",
                underlying: error)
        }
    }

    /// Runs a follow until SIGINT or SIGTERM, which end it with exit 0: stopping is how a follow ends, nothing is
    /// left half done (unlike a deploy's 130). The call in flight finishes first; a second signal stops at once.
    /// The body starts only once the handlers are in place, so an early signal cannot kill the process instead.
    static func untilStopped(_ body: @escaping @Sendable () async throws -> Void) async throws {
        let (gate, open) = AsyncStream<Void>.makeStream()
        let task = Task {
            for await _ in gate {}
            try await body()
        }
        let signals = Interruption.Signals { task.cancel() }
        open.finish()
        defer { signals.restore() }
        do {
            try await task.value
        } catch {
            if signals.received { return }
            throw error
        }
    }

    /// Prints the events' lines and flushes, so a pipe sees each poll at once.
    static func write(_ events: [FilteredLogEvent], _ renderer: LogEventRenderer) {
        var text = ""
        for event in events {
            if let line = renderer.render(event) { text += line + "\n" }
        }
        guard !text.isEmpty else { return }
        FileHandle.standardOutput.write(Data(text.utf8))
    }
}
