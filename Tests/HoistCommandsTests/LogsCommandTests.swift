import Foundation
import HoistAWS
import HoistCurl
import HoistTestSupport
import Testing

/// `hoist logs` as the real binary against moto (auth enforced), through the recording proxy: events put into a
/// stage's log group in several streams, read back over several pages.
@Suite("hoist logs (binary, moto)", .enabled(if: HoistBinary.motoShouldRun, "moto_server not configured"))
struct LogsCommandTests {
    /// A project folder whose hoist.yml names a fresh project; its log group is `/aws/lambda/<project>-dev`.
    struct Stage {
        let folder: URL
        let project: String
        var config: String { folder.appendingPathComponent("hoist.yml").path }
        var group: String { "/aws/lambda/\(project)-dev" }
        var log: URL { folder.appendingPathComponent("proxy.log") }
    }

    static func stage() throws -> Stage {
        let folder = try HoistBinary.temporaryFolder()
        let project = "lg\(UUID().uuidString.prefix(6).lowercased())"
        try "project: \(project)\nbackend:\n  product: bootstrap\n".write(
            to: folder.appendingPathComponent("hoist.yml"), atomically: true, encoding: .utf8)
        return Stage(folder: folder, project: project)
    }

    /// hoist's own client, through `endpoint` (the proxy, so PutLogEvents and CreateLogStream are recorded too).
    static func logs(_ moto: HoistBinary.Moto, endpoint: String) -> CloudWatchLogs {
        CloudWatchLogs(
            client: AWSClient(
                transport: CurlTransport(), credentialProvider: StaticCredentialProvider(moto.credentials),
                region: "us-east-1", environment: AWSEnvironment(variables: [:], endpointOption: endpoint),
                sleep: { _ in }))
    }

    /// A Lambda stream's name, as Lambda makes them.
    static func stream(_ tag: String) -> String { "2025/03/01/[$LATEST]\(tag)\(UUID().uuidString.prefix(8))" }

    static func requestId(_ n: Int) -> String { "00000000-0000-4000-8000-00000000000\(n)" }

    static func json(_ level: String, _ message: String, _ n: Int) -> String {
        #"{"level":"\#(level)","msg":"\#(message)","requestId":"\#(requestId(n))","time":"2025-03-01T12:00:00Z"}"#
            + "\n"
    }

    static func report(_ n: Int, initDuration: String?) -> String {
        "REPORT RequestId: \(requestId(n))\tDuration: 2.50 ms\tBilled Duration: 3 ms\tMemory Size: 128 MB\t"
            + "Max Memory Used: 40 MB\t" + (initDuration.map { "Init Duration: \($0) ms\t" } ?? "") + "\n"
    }

    /// `2025-03-01T12:00:00.123Z` for milliseconds since 1970, by Foundation (not by the code under test).
    static func time(_ milliseconds: Int64) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: Date(timeIntervalSince1970: Double(milliseconds) / 1000))
    }

    /// Three invocations in three streams (the first a cold start), twelve events, seven printed lines; two
    /// lines of different streams at the same millisecond. Returns the lines `hoist logs` must print, in order.
    static func putInvocations(_ logs: CloudWatchLogs, group: String, base: Int64) async throws -> [String] {
        let streams = [stream("a"), stream("b"), stream("c")]
        let events: [[(Int64, String)]] = [
            [
                (0, "START RequestId: \(requestId(1)) Version: $LATEST\n"), (10, json("info", "request", 1)),
                (20, "END RequestId: \(requestId(1))\n"), (21, report(1, initDuration: "120.75")),
            ],
            [
                (5, "START RequestId: \(requestId(2)) Version: $LATEST\n"), (10, json("info", "movie created", 2)),
                (16, "a plain line from the runtime\n"), (25, "END RequestId: \(requestId(2))\n"),
                (25, report(2, initDuration: nil)),
            ],
            [
                (30, "START RequestId: \(requestId(3)) Version: $LATEST\n"), (40, json("error", "request failed", 3)),
                (51, report(3, initDuration: nil)),
            ],
        ]
        try await logs.createLogGroup(name: group)
        for (stream, list) in zip(streams, events) {
            try await logs.createLogStream(group: group, stream: stream)
            let rejected = try await logs.putLogEvents(
                group: group, stream: stream, events: list.map { InputLogEvent(timestamp: base + $0.0, message: $0.1) })
            #expect(rejected == nil)
        }
        return [
            "\(time(base + 10)) info  \(requestId(1)) request",
            "\(time(base + 10)) info  \(requestId(2)) movie created",
            "a plain line from the runtime",
            "\(time(base + 21)) REPORT \(requestId(1)) 2.50 ms, memory 40/128 MB, init 120.75 ms",
            "\(time(base + 25)) REPORT \(requestId(2)) 2.50 ms, memory 40/128 MB",
            "\(time(base + 40)) error \(requestId(3)) request failed",
            "\(time(base + 51)) REPORT \(requestId(3)) 2.50 ms, memory 40/128 MB",
        ]
    }

    /// The operations the proxy saw, in order.
    static func operations(_ log: URL) -> [String] {
        ((try? String(contentsOf: log, encoding: .utf8)) ?? "").split(separator: "\n").compactMap { line in
            (try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])?["operation"] as? String
        }
    }

    @Test("three streams, six pages of two: each event once, in time order; --filter narrows; --json is raw")
    func printsOnceInOrder() async throws {
        let moto = try HoistBinary.moto()
        let stage = try Self.stage()
        let proxy = try HoistBinary.startProxy(upstream: moto.endpoint, extra: ["--log", stage.log.path])
        defer { proxy.terminate() }
        let logs = Self.logs(moto, endpoint: proxy.endpoint)
        let base = Int64(Date().timeIntervalSince1970 * 1000) - 120_000
        let expected = try await Self.putInvocations(logs, group: stage.group, base: base)
        let common = ["--config", stage.config, "--endpoint-url", proxy.endpoint, "--since", "10m"]
        let environment = PlanDeployCommandTests.environment(moto)
        try Data().write(to: stage.log)

        let all = try HoistBinary.run(["logs", "--page-size", "2"] + common, environment: environment)
        #expect(all.status == 0, "\(all.stderr)")
        #expect(all.stdout.split(separator: "\n").map(String.init) == expected, "\(all.stdout)")
        // 12 events, 2 a page: 6 calls (moto pages stream after stream; hoist sorts what all pages gave).
        #expect(Self.operations(stage.log) == Array(repeating: "FilterLogEvents", count: 6))

        // The function named by the project's name is the same; the default page size takes one call.
        try Data().write(to: stage.log)
        let named = try HoistBinary.run(["logs", stage.project] + common, environment: environment)
        #expect(named.stdout == all.stdout, "\(named.stderr)")
        #expect(Self.operations(stage.log) == ["FilterLogEvents"])

        // moto's filter patterns: single terms and quoted phrases, matched as substrings.
        let filtered = try HoistBinary.run(
            ["logs", "--filter", "\"request failed\"", "--page-size", "2"] + common, environment: environment)
        #expect(filtered.status == 0, "\(filtered.stderr)")
        #expect(filtered.stdout.split(separator: "\n").map(String.init) == [expected[5]])
        let reports = try HoistBinary.run(["logs", "--filter", "REPORT"] + common, environment: environment)
        #expect(reports.stdout.split(separator: "\n").map(String.init) == [expected[3], expected[4], expected[6]])

        // --json: the messages as stored, START and END included, in the same order.
        let raw = try HoistBinary.run(["logs", "--json", "--page-size", "2"] + common, environment: environment)
        let lines = raw.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 12, "\(raw.stdout)")
        #expect(lines.first == "START RequestId: \(Self.requestId(1)) Version: $LATEST")
        #expect(lines.contains(Self.json("error", "request failed", 3).trimmingCharacters(in: .newlines)))
        #expect(!raw.stdout.contains("\u{1B}") && !all.stdout.contains("\u{1B}"), "no colour without a terminal")

        // A range that starts after everything: nothing, exit 0.
        let none = try HoistBinary.run(
            ["logs", "--config", stage.config, "--endpoint-url", proxy.endpoint, "--since", "1s"],
            environment: environment)
        #expect(none.status == 0 && none.stdout.isEmpty, "\(none.stdout)\(none.stderr)")
        try await logs.deleteLogGroup(name: stage.group)
    }

    @Test("--follow prints what was there, then events put while it runs (a late one too), none twice; SIGINT: exit 0")
    func follows() async throws {
        let moto = try HoistBinary.moto()
        let stage = try Self.stage()
        let proxy = try HoistBinary.startProxy(upstream: moto.endpoint, extra: ["--log", stage.log.path])
        defer { proxy.terminate() }
        let logs = Self.logs(moto, endpoint: proxy.endpoint)
        let base = Int64(Date().timeIntervalSince1970 * 1000) - 5_000
        let expected = try await Self.putInvocations(logs, group: stage.group, base: base)
        var environment = PlanDeployCommandTests.environment(moto)
        environment["PATH"] = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        environment["HOME"] = stage.folder.path
        let follow = try BackgroundProcess(
            HoistBinary.executable,
            [
                "logs", "--follow", "--since", "10m", "--poll-interval", "0.2", "--config", stage.config,
                "--endpoint-url", proxy.endpoint,
            ], environment: environment)
        #expect(follow.waitForOutput { $0.split(separator: "\n").count >= expected.count }, "\(follow.stderr)")

        // New events while it runs: a late line in a new stream, older than the newest already printed
        // (CloudWatch takes streams in at different times), then a new invocation in another new stream. In this
        // order, one poll or two print them the same way.
        let newest = base + 51
        let late = Self.stream("late")
        try await logs.createLogStream(group: stage.group, stream: late)
        try await logs.putLogEvents(
            group: stage.group, stream: late,
            events: [InputLogEvent(timestamp: newest - 3, message: "a late line\n")])
        let fresh = Self.stream("d")
        try await logs.createLogStream(group: stage.group, stream: fresh)
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        try await logs.putLogEvents(
            group: stage.group, stream: fresh,
            events: [
                InputLogEvent(timestamp: now, message: "START RequestId: \(Self.requestId(4)) Version: $LATEST\n"),
                InputLogEvent(timestamp: now + 1, message: Self.json("info", "movie deleted", 4)),
                InputLogEvent(timestamp: now + 2, message: Self.report(4, initDuration: nil)),
            ])
        let added = [
            "a late line", "\(Self.time(now + 1)) info  \(Self.requestId(4)) movie deleted",
            "\(Self.time(now + 2)) REPORT \(Self.requestId(4)) 2.50 ms, memory 40/128 MB",
        ]
        #expect(follow.waitForOutput { out in added.allSatisfy { out.contains($0) } }, "\(follow.stdout)")
        // Three more polls after that (one call each: every event fits a page), each given the overlap again,
        // must print nothing new.
        let polls = Self.operations(stage.log).filter { $0 == "FilterLogEvents" }.count
        #expect(
            follow.waitForOutput { _ in
                Self.operations(stage.log).filter { $0 == "FilterLogEvents" }.count >= polls + 3
            })

        let status = follow.stop(SIGINT)
        #expect(status == 0, "\(follow.stderr)")
        #expect(!follow.stderr.contains("interrupted"), "\(follow.stderr)")
        let lines = follow.stdout.split(separator: "\n").map(String.init)
        #expect(lines == expected + added, "\(follow.stdout)")
        #expect(Set(lines).count == lines.count)
        try await logs.deleteLogGroup(name: stage.group)
    }

    @Test("SIGTERM ends a follow with exit 0 too; a missing log group is an error that says why")
    func termAndMissingGroup() async throws {
        let moto = try HoistBinary.moto()
        let stage = try Self.stage()
        let proxy = try HoistBinary.startProxy(upstream: moto.endpoint, extra: [])
        defer { proxy.terminate() }
        var environment = PlanDeployCommandTests.environment(moto)
        let missing = try HoistBinary.run(
            ["logs", "--config", stage.config, "--endpoint-url", proxy.endpoint], environment: environment)
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("log group \(stage.group) does not exist"), "\(missing.stderr)")

        let logs = Self.logs(moto, endpoint: proxy.endpoint)
        try await logs.createLogGroup(name: stage.group)
        environment["PATH"] = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        let follow = try BackgroundProcess(
            HoistBinary.executable,
            [
                "logs", "--follow", "--poll-interval", "0.2", "--config", stage.config, "--endpoint-url",
                proxy.endpoint,
            ], environment: environment)
        // An event put after the start, printed: the follow is polling.
        let stream = Self.stream("t")
        try await logs.createLogStream(group: stage.group, stream: stream)
        try await logs.putLogEvents(
            group: stage.group, stream: stream,
            events: [InputLogEvent(timestamp: Int64(Date().timeIntervalSince1970 * 1000), message: "ready\n")])
        #expect(follow.waitForOutput { $0.contains("ready") }, "\(follow.stderr)")
        #expect(follow.stop(SIGTERM) == 0, "\(follow.stderr)")
        try await logs.deleteLogGroup(name: stage.group)
    }
}

/// What `hoist logs` refuses before any AWS call.
@Suite("hoist logs refusals (binary)")
struct LogsRefusalTests {
    @Test("an unknown FUNCTION names the stage's functions; a bad --since says what to type; no AWS call")
    func refusals() throws {
        let folder = try HoistBinary.temporaryFolder()
        let config = folder.appendingPathComponent("hoist.yml")
        try """
        project: movies-api
        backend:
          product: bootstrap
        secrets:
          JWT_SECRET_KEY:
            env: JWT_SECRET_ARN
            rotate_every: 30d
        """.write(to: config, atomically: true, encoding: .utf8)
        // An endpoint nothing listens on: a call would fail differently.
        let common = ["--config", config.path, "--endpoint-url", "http://127.0.0.1:9", "--region", "us-east-1"]
        let unknown = try HoistBinary.run(["logs", "api"] + common, environment: [:])
        #expect(unknown.status == 1)
        #expect(
            unknown.stderr == "error: no function \"api\" in this stage; its functions: movies-api, rotate\n",
            "\(unknown.stderr)")
        let since = try HoistBinary.run(["logs", "--since", "10w"] + common, environment: [:])
        #expect(since.status == 1)
        #expect(since.stderr.hasPrefix("error: --since \"10w\": unknown unit \"w\"\n  hint: "), "\(since.stderr)")
        let page = try HoistBinary.run(["logs", "--page-size", "0"] + common, environment: [:])
        #expect(page.status == 64, "\(page.stderr)")
    }
}
