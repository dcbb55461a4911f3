import Foundation
import HoistTestSupport
import Testing

/// `hoist invoke --local` and `--sample` as the real binary: no AWS (no credentials, no endpoint; the function runs
/// with account 000000000000), the function a shell bootstrap speaking the Runtime API with curl
/// (Fixtures/local-invoke/bootstrap.sh), or a Python handler under AWS's own runtime interface client.
@Suite("hoist invoke --local and --sample (binary, no AWS)", .serialized)
struct LocalInvokeCommandTests {
    static let bootstrap = HoistBinary.packageRoot.appendingPathComponent(
        "Tests/HoistCommandsTests/Fixtures/local-invoke/bootstrap.sh")

    /// A project folder with a hoist.yml.
    struct Project {
        let folder: URL

        /// A file in the folder holding `text`.
        func file(_ name: String, _ text: String) throws -> URL {
            let url = folder.appendingPathComponent(name)
            try Data(text.utf8).write(to: url)
            return url
        }

        /// `hoist ARGUMENTS --config hoist.yml --region eu-west-1`, with no credentials; `input` is standard input.
        func hoist(_ arguments: [String], input: URL? = nil) throws -> ProcessResult {
            let environment = [
                "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "HOME": folder.path,
                "AWS_EC2_METADATA_DISABLED": "true", "AWS_MAX_ATTEMPTS": "1",
            ]
            return try ProcessRunner.run(
                HoistBinary.executable,
                arguments + ["--config", folder.appendingPathComponent("hoist.yml").path, "--region", "eu-west-1"],
                environment: environment, input: input)
        }

        /// `hoist invoke --local --bootstrap bootstrap.sh ARGUMENTS`.
        func invoke(_ arguments: [String], input: URL? = nil) throws -> ProcessResult {
            try hoist(
                ["invoke", "--local", "--bootstrap", LocalInvokeCommandTests.bootstrap.path] + arguments, input: input)
        }
    }

    /// A new project folder whose hoist.yml is `yaml`.
    static func project(_ yaml: String) throws -> Project {
        let project = Project(folder: try HoistBinary.temporaryFolder())
        _ = try project.file("hoist.yml", yaml)
        return project
    }

    /// A shell-bootstrap project: a 2 s timeout, GREETING=hello, and `extra` hoist.yml lines.
    static func shellProject(_ extra: String = "") throws -> Project {
        try project(
            """
            project: localfn
            backend: {product: Backend}
            function:
              timeout: 2
              environment: {GREETING: hello\(extra)}
            """)
    }

    /// Whether `processId` runs: it exists and is not a zombie (an orphan killed but not yet reaped by whoever
    /// adopted it; Linux's /proc tells).
    static func isRunning(_ processId: Int32) -> Bool {
        guard kill(processId, 0) == 0 else { return false }
        guard let stat = try? String(contentsOfFile: "/proc/\(processId)/stat", encoding: .utf8),
            let end = stat.lastIndex(of: ")")
        else { return true }
        return !stat[stat.index(after: end)...].trimmingCharacters(in: .whitespaces).hasPrefix("Z")
    }

    static func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], "\(text)")
    }

    @Test("prints the payload for an event from a file and from standard input; --log shows the process's output")
    func payload() throws {
        let project = try Self.shellProject()
        let event = try project.file("event.json", #"{"rawPath": "/health", "n": [1, 2]}"#)
        let fromFile = try project.invoke(["--event", event.path])
        #expect(fromFile.status == 0, "\(fromFile.output)")
        let answer = try Self.json(fromFile.stdout)
        #expect((answer["echo"] as? [String: Any])?["rawPath"] as? String == "/health")
        #expect((answer["echo"] as? [String: Any])?["n"] as? [Int] == [1, 2])
        #expect(answer["greeting"] as? String == "hello")
        let requestId = try #require(answer["requestId"] as? String)
        #expect(!requestId.isEmpty)
        #expect(fromFile.stderr.contains("localfn-dev: ran locally (process "), "\(fromFile.stderr)")
        #expect(fromFile.stderr.contains("request id \(requestId)"), "\(fromFile.stderr)")
        #expect(fromFile.stderr.contains("no AWS identity"), "\(fromFile.stderr)")
        #expect(!fromFile.output.contains("handling"), "without --log the process's output is not shown")

        let stdin = try project.file("stdin.json", #"["from", "stdin"]"#)
        let fromStdin = try project.invoke(["--event", "-", "--log"], input: stdin)
        #expect(fromStdin.status == 0, "\(fromStdin.output)")
        let piped = try Self.json(fromStdin.stdout)
        #expect(piped["echo"] as? [String] == ["from", "stdin"])
        let id = try #require(piped["requestId"] as? String)
        #expect(
            fromStdin.stderr.contains(
                "--- log (the process's output) ---\ninit: greeting hello\nhandling \(id)\n--- end of log ---\n"),
            "\(fromStdin.stderr)")
        #expect(!fromStdin.stdout.contains("handling"), "the process's standard output is the log, not the answer")

        let empty = try project.invoke([])
        #expect(try Self.json(empty.stdout)["echo"] as? [String: Any] != nil, "no --event sends {}")
    }

    @Test("a function error, an exit before answering and an init error exit 1 with errorType: errorMessage")
    func failures() throws {
        let project = try Self.shellProject()
        let failing = try project.invoke(["--event", try project.file("fail.json", #"{"mode":"fail"}"#).path])
        #expect(failing.status == 1)
        #expect(failing.stdout.isEmpty)
        #expect(
            failing.stderr.contains("error: function error (Unhandled): OrderRejected: stock is 0"), "\(failing.stderr)"
        )

        let exiting = try project.invoke(["--event", try project.file("exit.json", #"{"mode":"exit"}"#).path])
        #expect(exiting.status == 1)
        #expect(exiting.stdout.isEmpty)
        #expect(
            exiting.stderr.contains("Runtime.ExitError: RequestId: ")
                && exiting.stderr.contains("Error: Runtime exited with error: exit status 3"), "\(exiting.stderr)")
        #expect(exiting.stderr.contains("hint: the process ended before answering; --log shows its output"))

        let broken = try Self.shellProject(", FAIL_INIT: \"1\"")
        let initFailure = try broken.invoke(["--log"])
        #expect(initFailure.status == 1)
        #expect(initFailure.stdout.isEmpty)
        #expect(
            initFailure.stderr.contains("error: function error (Unhandled): Runtime.ConfigError: FAIL_INIT is set"),
            "\(initFailure.stderr)")
        #expect(initFailure.stderr.contains("hint: the function failed at init, before taking the event"))
        #expect(initFailure.stderr.contains("--- no output from the process ---"), "\(initFailure.stderr)")
    }

    @Test("a bootstrap that never answers times out at function.timeout: exit 1, killed with what it started")
    func timeout() throws {
        let project = try Self.shellProject()
        let hanging = try project.invoke(
            ["--event", try project.file("hang.json", #"{"mode":"hang"}"#).path, "--log"])
        #expect(hanging.status == 1)
        #expect(hanging.stdout.isEmpty)
        #expect(
            hanging.stderr.contains("Sandbox.Timedout: RequestId: ")
                && hanging.stderr.contains("Error: Task timed out after 2.00 seconds"), "\(hanging.stderr)")
        #expect(hanging.stderr.contains("hint: no answer within the function's timeout (hoist.yml function.timeout"))
        // The bootstrap's own `sleep 120` went with it: nothing outlives the invocation.
        let line = try #require(
            hanging.stderr.split(separator: "\n").first { $0.hasPrefix("sleeping in process ") }, "\(hanging.stderr)")
        let sleeper = try #require(Int32(line.dropFirst("sleeping in process ".count)))
        #expect(!Self.isRunning(sleeper), "the bootstrap's sleep \(sleeper) is still running")
    }

    @Test("SIGINT while the function runs: exit 130, the process and what it started stopped")
    func interrupted() throws {
        let project = Project(folder: try HoistBinary.temporaryFolder())
        let marker = project.folder.appendingPathComponent("sleeping")
        _ = try project.file(
            "hoist.yml",
            """
            project: localfn
            backend: {product: Backend}
            function:
              timeout: 60
              environment: {HANG_MARKER: \(marker.path)}
            """)
        let running = try BackgroundProcess(
            HoistBinary.executable,
            [
                "invoke", "--local", "--bootstrap", Self.bootstrap.path, "--event",
                try project.file("hang.json", #"{"mode":"hang"}"#).path, "--config",
                project.folder.appendingPathComponent("hoist.yml").path, "--region", "eu-west-1",
            ],
            environment: [
                "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "HOME": project.folder.path,
                "AWS_EC2_METADATA_DISABLED": "true", "AWS_MAX_ATTEMPTS": "1",
            ])
        let deadline = Date().addingTimeInterval(60)  // a guard against a hang, not a measurement
        var sleeper: Int32?
        while sleeper == nil, Date() < deadline, running.isRunning {
            sleeper = (try? String(contentsOf: marker, encoding: .utf8)).flatMap {
                Int32($0.trimmingCharacters(in: .whitespacesAndNewlines))
            }
            if sleeper == nil { usleep(50_000) }
        }
        let pid = try #require(sleeper, "the bootstrap never reached its sleep: \(running.stderr)")
        #expect(running.stop(SIGINT) == 130, "\(running.stderr)")
        #expect(running.stderr.contains("stopping after the call in flight"), "hoist handled it: \(running.stderr)")
        #expect(running.stdout.isEmpty)
        #expect(!Self.isRunning(pid), "the bootstrap's sleep \(pid) is still running")
    }

    @Test("rotate runs the rotation function: the same bootstrap with HOIST_ROTATION_HANDLER=1")
    func rotation() throws {
        let project = try Self.project(
            """
            project: localfn
            backend: {product: Backend}
            secrets:
              JWT_SECRET_KEY: {env: JWT_SECRET_ARN, rotate_every: 30d}
            """)
        let rotate = try project.invoke(["rotate"])
        #expect(rotate.status == 0, "\(rotate.output)")
        #expect(try Self.json(rotate.stdout)["rotation"] as? String == "1")
        #expect(rotate.stderr.contains("localfn-dev-rotate: ran locally"), "\(rotate.stderr)")
        let main = try project.invoke([])
        #expect(try Self.json(main.stdout)["rotation"] as? String == "")
    }

    @Test("refused before anything runs: --local with --alias or --version, bad JSON, an unknown function")
    func refusals() throws {
        let project = try Self.shellProject()
        for arguments in [
            ["invoke", "--local", "--alias", "live"], ["invoke", "--local", "--version", "1"],
            ["invoke", "--bootstrap", "boot"], ["invoke", "--sample", "sqs", "--local"],
            ["invoke", "--sample", "sqs", "--event", "x.json"], ["invoke", "--sample", "kafka"],
        ] {
            let refused = try project.hoist(arguments)
            #expect(refused.status == 64, "\(arguments): \(refused.output)")
        }
        // The event is checked before the bootstrap is started: a missing one would be the error otherwise.
        let broken = try project.hoist([
            "invoke", "--local", "--bootstrap", "/nonexistent/bootstrap", "--event",
            try project.file("broken.json", "{\n  \"a\": 1,\n  \"b\": x\n}").path,
        ])
        #expect(broken.status == 1)
        #expect(broken.stderr.contains("is not valid JSON: Invalid value around character 19 (line 3, column 8)"))
        #expect(!broken.stderr.contains("/nonexistent/bootstrap"), "\(broken.stderr)")
        let unknown = try project.invoke(["nosuch"])
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains(#"no function "nosuch" in this stage; its functions: localfn"#))
    }

    @Test("a python3.x handler under awslambdaric: its answer, its exception, a module that does not import")
    func python() throws {
        let project = try Self.project("project: pylocal\nruntime: python3.11\nhandler: app.handler\n")
        _ = try project.file(
            "app.py",
            """
            import os
            print("importing app")


            def handler(event, context):
                if event.get("fail"):
                    raise ValueError("asked to fail")
                return {"got": event, "name": os.environ["AWS_LAMBDA_FUNCTION_NAME"], "id": context.aws_request_id}
            """)
        let local = { (arguments: [String]) in try project.hoist(["invoke", "--local"] + arguments) }
        let answered = try local(["--event", try project.file("ok.json", #"{"a": 1}"#).path, "--log"])
        #expect(answered.status == 0, "\(answered.output)")
        let answer = try Self.json(answered.stdout)
        #expect((answer["got"] as? [String: Int]) == ["a": 1])
        #expect(answer["name"] as? String == "pylocal-dev")
        #expect(answered.stderr.contains("request id \(answer["id"] as? String ?? "?")"), "\(answered.stderr)")
        #expect(answered.stderr.contains("importing app"), "\(answered.stderr)")

        let raised = try local(["--event", try project.file("fail.json", #"{"fail": true}"#).path])
        #expect(raised.status == 1)
        #expect(
            raised.stderr.contains("error: function error (Unhandled): ValueError: asked to fail"), "\(raised.stderr)")

        _ = try project.file("hoist.yml", "project: pylocal\nruntime: python3.11\nhandler: nosuch.handler\n")
        let missing = try local([])
        #expect(missing.status == 1)
        #expect(
            missing.stderr.contains("Runtime.ImportModuleError: Unable to import module 'nosuch'"), "\(missing.stderr)")
        #expect(missing.stderr.contains("hint: the function failed at init"), "\(missing.stderr)")
    }

    @Test("--sample writes each source's event, templates/events/<source>.json, with no hoist.yml")
    func samples() throws {
        let folder = try HoistBinary.temporaryFolder()
        for source in ["http", "sqs", "schedule"] {
            let result = try HoistBinary.runProcess(
                HoistBinary.executable, ["invoke", "--sample", source],
                environment: ["PATH": "/usr/bin:/bin", "HOME": folder.path], directory: folder)
            #expect(result.status == 0, "\(result.output)")
            let file = HoistBinary.packageRoot.appendingPathComponent("templates/events/\(source).json")
            #expect(result.stdout == (try String(contentsOf: file, encoding: .utf8)))
            #expect(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) is [String: Any])
        }
    }
}
