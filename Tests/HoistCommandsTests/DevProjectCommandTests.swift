import Foundation
import HoistAWS
import HoistCore
import HoistCurl
import HoistDev
import HoistTestSupport
import Testing

@testable import HoistCommands

/// `hoist dev` for a config with `functions:`, through the real binary: Python functions (no build).
enum DevProjectFixtures {
    /// A copy of `Fixtures/<name>` in a fresh folder, with a unique project name.
    static func copy(_ name: String) throws -> (folder: URL, project: String) {
        let folder = try HoistBinary.temporaryFolder().appendingPathComponent(name)
        try FileManager.default.copyItem(
            at: PythonFixtures.fixtures.appendingPathComponent(name), to: folder)
        let project = "dp\(UUID().uuidString.prefix(8).lowercased())"
        let config = folder.appendingPathComponent("hoist.yml")
        let text = try String(contentsOf: config, encoding: .utf8)
        try text.replacingOccurrences(of: #"project: [a-z]+"#, with: "project: \(project)", options: .regularExpression)
            .write(to: config, atomically: true, encoding: .utf8)
        return (folder, project)
    }

    /// curl's answer: the status line's code and the body.
    static func curl(_ arguments: [String]) throws -> (status: Int, body: String) {
        let result = try HoistBinary.runProcess(
            URL(fileURLWithPath: "/usr/bin/env"), ["curl", "-sS", "-o", "-", "-w", "\n%{http_code}"] + arguments)
        let lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        return (Int(lines.last ?? "") ?? 0, lines.dropLast().joined(separator: "\n"))
    }

    static func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], "\(text)")
    }
}

@Suite("hoist dev: a project of several functions (binary, no AWS)", .serialized)
struct DevProjectCommandTests {
    @Test("two functions with their own routes each answer theirs ({id}, {proxy+}); no route: 404 Not Found")
    func routes() throws {
        let (folder, project) = try DevProjectFixtures.copy("dev-routes")
        let dev = try DevCommandTests.RunningDev(folder: folder, arguments: ["--processes", "1"])
        let base = "http://127.0.0.1:\(dev.port)"
        let movie = try DevProjectFixtures.curl(["\(base)/movies/42?full=1"])
        let movies = try DevProjectFixtures.curl(["\(base)/movies"])
        let user = try DevProjectFixtures.curl(["-X", "POST", "-d", "{}", "\(base)/users/ann/avatar"])
        let missing = try DevProjectFixtures.curl(["\(base)/nothing"])
        #expect(dev.stop() == 0)
        let log = dev.log

        #expect(movie.status == 200, "\(movie.body)\n\(log)")
        let one = try DevProjectFixtures.json(movie.body)
        #expect(one["function"] as? String == "movies")
        #expect(one["lambda"] as? String == "\(project)-dev-movies")
        #expect(one["routeKey"] as? String == "GET /movies/{id}")
        #expect(one["pathParameters"] as? [String: String] == ["id": "42"])
        #expect(one["table"] is NSNull, "movies does not use the users table")
        let all = try DevProjectFixtures.json(movies.body)
        #expect(all["routeKey"] as? String == "GET /movies" && all["pathParameters"] is NSNull)
        let users = try DevProjectFixtures.json(user.body)
        #expect(users["function"] as? String == "users")
        #expect(users["routeKey"] as? String == "ANY /users/{proxy+}")
        #expect(users["pathParameters"] as? [String: String] == ["proxy": "ann/avatar"])
        #expect(users["table"] as? String == "\(project)-dev-users")
        #expect(missing.status == 404)
        #expect(missing.body == #"{"message":"Not Found"}"#)
        // Each function its own process, and the stop ended both.
        let processes = [one["pid"], users["pid"]].compactMap { ($0 as? Int).map(Int32.init) }
        #expect(Set(processes).count == 2)
        #expect(!processes.contains(where: LocalInvokeCommandTests.isRunning))

        #expect(log.contains("hoist dev: movies: routes GET /movies, GET /movies/{id}, timeout 10 s"), "\(log)")
        #expect(log.contains("hoist dev: users: routes ANY /users/{proxy+}"))
        #expect(log.contains("(2 functions, 1 process each); Ctrl-C stops"))
        #expect(log.contains("GET /nothing 404 "))
        #expect(log.contains("stopped; 4 requests, 0 5xx"))
    }

    @Test("Swift functions: --bootstrap DIR runs DIR/<product> for each, with its own environment and routes")
    func swiftFunctionsFromBootstrapFolder() throws {
        let folder = try HoistBinary.temporaryFolder()
        try """
        project: pair
        runtime: provided.al2023
        functions:
          first:
            product: first
            environment: {GREETING: one}
            http: ["GET /first"]
          second:
            product: second
            environment: {GREETING: two}
            http: ["POST /second/{id}"]
        """.write(to: folder.appendingPathComponent("hoist.yml"), atomically: true, encoding: .utf8)
        let bin = folder.appendingPathComponent("bin")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        for product in ["first", "second"] {
            try FileManager.default.copyItem(
                at: LocalInvokeCommandTests.bootstrap, to: bin.appendingPathComponent(product))
        }
        let dev = try DevCommandTests.RunningDev(folder: folder, arguments: ["--processes", "1", "--bootstrap", "bin"])
        let first = try DevProjectFixtures.curl(["http://127.0.0.1:\(dev.port)/first"])
        let second = try DevProjectFixtures.curl(["-d", "x", "http://127.0.0.1:\(dev.port)/second/9"])
        let wrongMethod = try DevProjectFixtures.curl(["-X", "DELETE", "http://127.0.0.1:\(dev.port)/first"])
        #expect(dev.stop() == 0)
        let one = try DevProjectFixtures.json(first.body)
        #expect(one["greeting"] as? String == "one", "\(dev.log)")
        #expect((one["echo"] as? [String: Any])?["routeKey"] as? String == "GET /first")
        let two = try DevProjectFixtures.json(second.body)
        #expect(two["greeting"] as? String == "two")
        #expect((two["echo"] as? [String: Any])?["pathParameters"] as? [String: String] == ["id": "9"])
        #expect(wrongMethod.status == 404)
    }

    @Test("the products of functions: are built by one debug swift build, each executable where it says")
    func oneDebugBuild() throws {
        let package = try HoistBinary.temporaryFolder().appendingPathComponent("StaticPair")
        try FileManager.default.copyItem(
            at: HoistBinary.packageRoot.appendingPathComponent("Tests/HoistPackagingTests/Fixtures/StaticPair"),
            to: package)
        var config = HoistConfig(project: "pair", backend: BackendConfig(path: package.path))
        config.declaredFunctions = [
            ProjectFunction(name: "first", product: "first"), ProjectFunction(name: "second", product: "second"),
        ]
        let built = try DevBuilder(config: config, release: false).build(products: ["first", "second"])
        #expect(Set(built.keys) == ["first", "second"])
        for (product, path) in built {
            let run = try HoistBinary.runProcess(URL(fileURLWithPath: path), [])
            #expect(run.stdout == "hello from \(product)\n", "\(path): \(run.stderr)")
        }
    }

    @Test("invoke --local FUNCTION runs that function of functions: with the sample event; an unknown one is listed")
    func invokeLocalPicksFunction() throws {
        let (folder, project) = try DevProjectFixtures.copy("dev-routes")
        let config = folder.appendingPathComponent("hoist.yml").path
        let sample = try HoistBinary.run(["invoke", "--sample", "http"], environment: [:])
        let event = folder.appendingPathComponent("event.json")
        try Data(sample.stdout.utf8).write(to: event)
        let environment = ["AWS_MAX_ATTEMPTS": "1"]
        for name in ["users", "movies"] {
            let result = try HoistBinary.run(
                ["invoke", "--local", name, "--event", event.path, "--config", config, "--region", "eu-west-1"],
                environment: environment)
            #expect(result.status == 0, "\(result.stderr)")
            let answer = try DevProjectFixtures.json(result.stdout)
            let body = try DevProjectFixtures.json(try #require(answer["body"] as? String))
            #expect(body["function"] as? String == name)
            #expect(body["lambda"] as? String == "\(project)-dev-\(name)")
            #expect(result.stderr.contains("\(project)-dev-\(name): ran locally"), "\(result.stderr)")
        }
        let unknown = try HoistBinary.run(
            ["invoke", "--local", "nope", "--event", event.path, "--config", config, "--region", "eu-west-1"],
            environment: environment)
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("its functions: movies, users"), "\(unknown.stderr)")
    }

    @Test("a queue without --endpoint-url is not polled, and the start line says so")
    func queueNeedsEndpoint() throws {
        let (folder, _) = try DevProjectFixtures.copy("dev-queue")
        let dev = try DevCommandTests.RunningDev(folder: folder, arguments: ["--processes", "1"])
        #expect(dev.stop() == 0)
        #expect(dev.log.contains("queues are polled only with --endpoint-url"), "\(dev.log)")
        #expect(
            dev.log.contains("hoist dev: worker: not served here: its queue (hoist invoke --local worker --event …)"))
        #expect(dev.log.contains("hoist dev: api: routes $default"))
    }

    @Test("what a function's start line says it serves; the pool's outcomes as the poller reads them")
    func startLineAndOutcomes() {
        let worker = ProjectFunction(name: "worker", queue: QueueTrigger())
        let nightly = ProjectFunction(name: "nightly", schedule: ScheduleTrigger(expression: "rate(1 day)"))
        #expect(DevProjectFlow.triggers(worker, queues: []).hasPrefix("not served here: its queue"))
        #expect(DevProjectFlow.triggers(nightly, queues: []).hasPrefix("not served here: its schedule"))
        #expect(
            DevProjectFlow.triggers(ProjectFunction(name: "idle"), queues: [])
                == "no trigger (hoist invoke --local idle)")
        #expect(DevBatchInvoker.outcome(.response([1]), timeout: 3) == .response([1]))
        #expect(DevBatchInvoker.outcome(.functionError(type: "E", message: "m"), timeout: 3) == .failed("E: m"))
        #expect(DevBatchInvoker.outcome(.timedOut, timeout: 3) == .failed("timed out after 3 s"))
        #expect(DevBatchInvoker.outcome(.cancelled, timeout: 3) == .cancelled)
    }
}

@Suite("hoist dev: a project under --watch (binary, no AWS)")
struct DevProjectWatchTests {
    @Test("with --watch a changed .py file restarts every function, and each answers from the new code")
    func watch() throws {
        let (folder, _) = try DevProjectFixtures.copy("dev-routes")
        let dev = try DevCommandTests.RunningDev(folder: folder, arguments: ["--processes", "1", "--watch"])
        let base = "http://127.0.0.1:\(dev.port)"
        #expect(
            try DevProjectFixtures.json(DevProjectFixtures.curl(["\(base)/movies"]).body)["function"] as? String
                == "movies")
        sleep(1)  // past the modification time the watcher saw
        let app = folder.appendingPathComponent("app.py")
        let source = try String(contentsOf: app, encoding: .utf8)
        try source.replacingOccurrences(of: #""function": name"#, with: #""function": "new " + name"#)
            .write(to: app, atomically: true, encoding: .utf8)
        #expect(DevQueueMotoTests.eventually(30) { dev.log.contains("processes restarted") }, "\(dev.log)")
        func answer(_ path: String) throws -> String? {
            try DevProjectFixtures.json(DevProjectFixtures.curl(["-X", "PUT", "\(base)\(path)"]).body)["function"]
                as? String
        }
        #expect(try DevQueueMotoTests.eventually(10) { try answer("/users/a") == "new users" }, "\(dev.log)")
        #expect(try answer("/users/a") == "new users")
        #expect(
            try DevProjectFixtures.json(DevProjectFixtures.curl(["\(base)/movies/1"]).body)["function"] as? String
                == "new movies")
        #expect(dev.stop() == 0)
        #expect(dev.log.contains("sources changed; restarting"))
    }
}
