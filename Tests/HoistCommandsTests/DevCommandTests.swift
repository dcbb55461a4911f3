import Foundation
import Testing

/// `hoist dev` through the real binary.
@Suite("hoist dev", .serialized)
struct DevCommandTests {
    /// A running `hoist dev` in a folder with a starter hoist.yml, serving the echo bootstrap.
    final class RunningDev {
        let process: Process
        let output: URL
        let port: Int

        /// Writes a starter hoist.yml in a new folder and serves the echo bootstrap.
        convenience init(processes: Int) throws {
            let folder = try HoistBinary.temporaryFolder().appendingPathComponent("shop")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let initialized = try HoistBinary.runProcess(
                HoistBinary.executable, ["init"], environment: ["PATH": "/usr/bin:/bin"], directory: folder)
            #expect(initialized.status == 0, "\(initialized.stderr)")
            let echo = HoistBinary.packageRoot.appendingPathComponent("Tests/HoistDevTests/Fixtures/echo_bootstrap.py")
            try self.init(folder: folder, arguments: ["--processes", "\(processes)", "--bootstrap", echo.path])
        }

        /// Runs `hoist dev --port FREE --region REGION ARGUMENTS` in a folder holding a hoist.yml.
        init(folder: URL, arguments: [String], environment: [String: String] = [:], region: String = "eu-west-1")
            throws
        {
            port = try Self.freePort()
            output = folder.appendingPathComponent("dev.log")
            _ = FileManager.default.createFile(atPath: output.path, contents: nil)
            process = Process()
            process.executableURL = HoistBinary.executable
            process.arguments = ["dev", "--port", "\(port)", "--region", region] + arguments
            process.currentDirectoryURL = folder
            // No credentials and no endpoint: hoist dev warns and serves anyway.
            process.environment = [
                "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "HOME": folder.path,
                "AWS_EC2_METADATA_DISABLED": "true", "AWS_MAX_ATTEMPTS": "1",
            ].merging(environment) { _, new in new }
            let handle = try FileHandle(forWritingTo: output)
            process.standardOutput = handle
            process.standardError = handle
            try process.run()
            let deadline = Date().addingTimeInterval(300)  // a build may come first
            while Date() < deadline, process.isRunning, !log.contains("Ctrl-C stops") { usleep(50_000) }
            #expect(log.contains("Ctrl-C stops"), "\(log)")
        }

        /// A test that fails before ``stop()`` still stops hoist dev and its processes.
        deinit {
            if process.isRunning { _ = stop() }
        }

        var log: String { (try? String(contentsOf: output, encoding: .utf8)) ?? "" }

        /// SIGTERM, then the exit status.
        func stop() -> Int32 {
            kill(process.processIdentifier, SIGTERM)
            let deadline = Date().addingTimeInterval(20)
            while process.isRunning && Date() < deadline { usleep(50_000) }
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            process.waitUntilExit()
            return process.terminationStatus
        }

        static func freePort() throws -> Int {
            let result = try HoistBinary.runProcess(
                URL(fileURLWithPath: "/usr/bin/env"),
                ["python3", "-c", "import socket;s=socket.socket();s.bind(('127.0.0.1',0));print(s.getsockname()[1])"])
            return try #require(Int(result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)))
        }
    }

    @Test("serves the function with deploy's environment, logs each request, and stops on SIGTERM with p50/p99")
    func servesAndStops() throws {
        let dev = try RunningDev(processes: 1)
        let result = try HoistBinary.runProcess(
            URL(fileURLWithPath: "/usr/bin/env"),
            [
                "curl", "-sS", "-i", "-H", "content-type: application/json", "-d", #"{"a":1}"#,
                "http://127.0.0.1:\(dev.port)/things?x=1",
            ])
        #expect(result.stdout.hasPrefix("HTTP/1.1 200 OK"), "\(result.stdout) \(result.stderr)")
        let body = try #require(result.stdout.components(separatedBy: "\r\n\r\n").last)
        let echo = try #require(try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any])
        let variables = try #require(echo["variables"] as? [String: String])
        #expect(variables["USERS_TABLE"] == "shop-dev-users")
        #expect(variables["AWS_REGION"] == "eu-west-1")
        #expect(variables["_HANDLER"] == "bootstrap")
        #expect(variables["AWS_ACCESS_KEY_ID"] == nil)
        let event = try #require(echo["event"] as? [String: Any])
        #expect(event["body"] as? String == #"{"a":1}"#)
        #expect(dev.stop() == 0)
        let log = dev.log
        #expect(log.contains("POST /things 200 "))
        #expect(log.contains("1 requests, 0 5xx, p50 "))
        #expect(log.contains("no AWS identity"))
    }

    @Test("1,000 sequential and 200 concurrent requests (16 at a time) with no error; p50/p99 printed")
    func load() throws {
        let dev = try RunningDev(processes: 2)
        let result = try HoistBinary.runProcess(
            URL(fileURLWithPath: "/usr/bin/env"),
            [
                "python3", HoistBinary.packageRoot.appendingPathComponent("bench/dev/load.py").path, "--url",
                "http://127.0.0.1:\(dev.port)", "--path", "/load", "--sequential", "1000", "--concurrent", "200",
                "--concurrency", "16", "--json",
            ])
        #expect(result.status == 0, "\(result.stderr)")
        let summary = try #require(
            try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: [String: Any]])
        #expect(summary["sequential"]?["requests"] as? Int == 1000)
        #expect(summary["sequential"]?["errors"] as? Int == 0)
        #expect(summary["concurrent"]?["requests"] as? Int == 200)
        #expect(summary["concurrent"]?["errors"] as? Int == 0)
        #expect(dev.stop() == 0)
        #expect(dev.log.contains("1200 requests, 0 5xx, p50 "))
    }

    @Test("builds the backend (debug) itself, and with --watch rebuilds and restarts when a source changes")
    func buildsAndWatches() throws {
        let folder = try HoistBinary.temporaryFolder().appendingPathComponent("watched")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let initialized = try HoistBinary.runProcess(
            HoistBinary.executable, ["init", "--backend"], environment: ["PATH": "/usr/bin:/bin"], directory: folder)
        #expect(initialized.status == 0, "\(initialized.stderr)")
        let dev = try RunningDev(
            folder: folder, arguments: ["--watch", "--processes", "1"],
            environment: ["HOME": ProcessInfo.processInfo.environment["HOME"] ?? folder.path])
        func get() throws -> String {
            try HoistBinary.runProcess(
                URL(fileURLWithPath: "/usr/bin/env"), ["curl", "-sS", "http://127.0.0.1:\(dev.port)/w"]
            ).stdout
        }
        #expect(try get().contains("hello from watched-dev"))
        #expect(dev.log.contains("(debug, for this machine): done"))
        let main = folder.appendingPathComponent("Sources/Backend/main.swift")
        let source = try String(contentsOf: main, encoding: .utf8)
        try source.replacingOccurrences(of: "hello from", with: "changed from").write(
            to: main, atomically: true, encoding: .utf8)
        let deadline = Date().addingTimeInterval(300)
        while Date() < deadline, !dev.log.contains("processes restarted"), !dev.log.contains("rebuilding failed") {
            usleep(200_000)
        }
        #expect(dev.log.contains("processes restarted"), "\(dev.log)")
        var answer = try get()
        for _ in 0..<20 where !answer.contains("changed from") {
            usleep(100_000)
            answer = try get()
        }
        #expect(answer.contains("changed from watched-dev"), "\(answer)")
        #expect(dev.stop() == 0)
    }
}

@Suite("hoist dev: Python")
struct DevPythonTests {
    @Test("a python3.x config runs its handler under awslambdaric with the function's environment")
    func python() throws {
        let folder = try HoistBinary.temporaryFolder().appendingPathComponent("pydev")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try """
        project: pydev
        runtime: python3.11
        handler: app.handler
        tables:
          users: {partition_key: username}
        """.write(to: folder.appendingPathComponent("hoist.yml"), atomically: true, encoding: .utf8)
        try """
        import json, os


        def handler(event, context):
            return {"statusCode": 200, "body": json.dumps({"path": event["rawPath"],
                    "table": os.environ.get("USERS_TABLE"), "requestId": context.aws_request_id})}
        """.write(to: folder.appendingPathComponent("app.py"), atomically: true, encoding: .utf8)
        let dev = try DevCommandTests.RunningDev(folder: folder, arguments: ["--processes", "1"])
        let result = try HoistBinary.runProcess(
            URL(fileURLWithPath: "/usr/bin/env"), ["curl", "-sS", "-i", "http://127.0.0.1:\(dev.port)/py"])
        #expect(dev.stop() == 0)
        #expect(result.stdout.hasPrefix("HTTP/1.1 200 OK"), "\(result.stdout)\n\(dev.log)")
        let body = try #require(result.stdout.components(separatedBy: "\r\n\r\n").last)
        let answer = try #require(try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any])
        #expect(answer["path"] as? String == "/py")
        #expect(answer["table"] as? String == "pydev-dev-users")
        #expect((answer["requestId"] as? String)?.isEmpty == false)
    }

    @Test("with --watch a changed .py file restarts the processes, and the next answer comes from the new code")
    func watch() throws {
        let folder = try HoistBinary.temporaryFolder().appendingPathComponent("pywatch")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try "project: pywatch\nruntime: python3.11\nhandler: app.handler\n".write(
            to: folder.appendingPathComponent("hoist.yml"), atomically: true, encoding: .utf8)
        let app = folder.appendingPathComponent("app.py")
        try "def handler(event, context):\n    return {'statusCode': 200, 'body': 'first'}\n".write(
            to: app, atomically: true, encoding: .utf8)
        let dev = try DevCommandTests.RunningDev(folder: folder, arguments: ["--processes", "1", "--watch"])
        func get() throws -> String {
            try HoistBinary.runProcess(
                URL(fileURLWithPath: "/usr/bin/env"), ["curl", "-sS", "http://127.0.0.1:\(dev.port)/"]
            ).stdout
        }
        #expect(try get() == "first", "\(dev.log)")
        // A second later, so the new modification time is past the one the watcher saw.
        sleep(1)
        try "def handler(event, context):\n    return {'statusCode': 200, 'body': 'second'}\n".write(
            to: app, atomically: true, encoding: .utf8)
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline, !dev.log.contains("processes restarted"), !dev.log.contains("restarting failed") {
            usleep(100_000)
        }
        #expect(dev.log.contains("sources changed; restarting"), "\(dev.log)")
        var answer = try get()
        for _ in 0..<20 where answer != "second" {
            usleep(100_000)
            answer = try get()
        }
        #expect(answer == "second", "\(dev.log)")
        #expect(dev.stop() == 0)
    }
}
