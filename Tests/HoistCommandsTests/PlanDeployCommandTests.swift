import Foundation
import HoistAWS
import HoistCore
import HoistTestSupport
import Testing

@testable import HoistCommands

/// `hoist plan` and `hoist deploy` as the real binary against moto (auth enforced), through the recording proxy.
@Suite("hoist plan / deploy (binary, moto)", .enabled(if: HoistBinary.motoShouldRun, "moto_server not configured"))
struct PlanDeployCommandTests {
    /// A project folder with a hoist.yml and a shell-script bootstrap (packaged with --no-gate).
    static func project(memory: Int = 512) throws -> URL {
        let folder = try HoistBinary.temporaryFolder()
        try "#!/bin/sh\necho hoist-test\n".write(
            to: folder.appendingPathComponent("boot"), atomically: true, encoding: .utf8)
        try config(memory: memory, name: "cmd\(UUID().uuidString.prefix(6).lowercased())").write(
            to: folder.appendingPathComponent("hoist.yml"), atomically: true, encoding: .utf8)
        return folder
    }

    /// The project name `project()` gave the folder's hoist.yml.
    static func projectName(in folder: URL) throws -> String {
        let text = try String(contentsOf: folder.appendingPathComponent("hoist.yml"), encoding: .utf8)
        return String(try #require(text.split(separator: "\n").first { $0.hasPrefix("project: ") }).dropFirst(9))
    }

    static func config(memory: Int, name: String) -> String {
        """
        project: \(name)
        backend:
          product: bootstrap
        function:
          memory: \(memory)
        tables:
          users:
            partition_key: username
          movies:
            partition_key: movieId
        secrets:
          JWT_SECRET_KEY:
            env: JWT_SECRET_ARN
        admins: [admin]
        log_retention_days: 14
        """
    }

    static func environment(_ moto: HoistBinary.Moto, extra: [String: String] = [:]) -> [String: String] {
        [
            "AWS_ACCESS_KEY_ID": moto.accessKeyId, "AWS_SECRET_ACCESS_KEY": moto.secretAccessKey,
            "AWS_REGION": "us-east-1",
        ]
        .merging(extra) { _, new in new }
    }

    /// The proxy's log: one operation per line, with whether it changes anything.
    static func writes(in log: URL) -> [String] {
        let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").compactMap { line -> String? in
            guard let data = line.data(using: .utf8),
                let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
                let operation = object["operation"] as? String
            else { return nil }
            let reads = ["Get", "List", "Describe", "Head", "GET ", "HEAD "]
            return reads.contains { operation.hasPrefix($0) } ? nil : operation
        }
    }

    @Test("plan exits 2 on a fresh account, deploy creates, then plan exits 0 and deploy makes no write")
    func lifecycle() throws {
        let moto = try HoistBinary.moto()
        let folder = try Self.project()
        let log = folder.appendingPathComponent("proxy.log")
        let proxy = try HoistBinary.startProxy(upstream: moto.endpoint, extra: ["--log", log.path])
        defer { proxy.terminate() }
        let summary = folder.appendingPathComponent("summary.md")
        let common = ["--config", folder.appendingPathComponent("hoist.yml").path, "--endpoint-url", proxy.endpoint]
        let artifacts = ["--bootstrap", "boot", "--no-gate"]

        let first = try HoistBinary.run(
            ["plan", "--detailed-exitcode", "--out", folder.appendingPathComponent("plan.json").path] + common
                + artifacts, environment: Self.environment(moto, extra: ["GITHUB_STEP_SUMMARY": summary.path]))
        #expect(first.status == 2, "\(first.stderr)")
        #expect(first.stdout.contains("+ create function."))
        #expect(first.stdout.contains("Plan: 15 to create"))
        let planJSON = try String(contentsOf: folder.appendingPathComponent("plan.json"), encoding: .utf8)
        #expect(planJSON.contains("\"format_version\" : \"\(Plan.formatVersion)\""))
        #expect(try String(contentsOf: summary, encoding: .utf8).contains("### hoist plan"))
        #expect(Self.writes(in: log).isEmpty, "plan must only read: \(Self.writes(in: log))")

        let deploy = try HoistBinary.run(["deploy", "--yes"] + common + artifacts, environment: Self.environment(moto))
        #expect(deploy.status == 0, "\(deploy.stderr)")
        #expect(deploy.stdout.contains("API: https://"))
        #expect(!Self.writes(in: log).isEmpty)

        try Data().write(to: log)
        let again = try HoistBinary.run(
            ["plan", "--detailed-exitcode"] + common + artifacts, environment: Self.environment(moto))
        #expect(again.status == 0, "\(again.stdout)\(again.stderr)")
        let noop = try HoistBinary.run(
            ["deploy", "--yes", "--verbose"] + common + artifacts, environment: Self.environment(moto))
        #expect(noop.status == 0)
        // --verbose: each phase's time and requests; a no-op deploy reads and writes nothing.
        let timings = try #require(noop.stdout.split(separator: "\n").first { $0.hasPrefix("timings: ") })
        #expect(timings.contains("· read and plan "), "\(timings)")
        #expect(timings.contains("requests (0 writes)"), "\(timings)")
        #expect(!timings.contains("apply"), "\(timings)")
        #expect(Self.writes(in: log).isEmpty, "a no-op deploy wrote: \(Self.writes(in: log))")

        // Memory changed in hoist.yml: exactly that attribute, a version published and the alias moved to it: three
        // writes.
        let text = try String(contentsOf: folder.appendingPathComponent("hoist.yml"), encoding: .utf8)
        try text.replacingOccurrences(of: "memory: 512", with: "memory: 1024").write(
            to: folder.appendingPathComponent("hoist.yml"), atomically: true, encoding: .utf8)
        let changed = try HoistBinary.run(
            ["plan", "--format", "json"] + common + artifacts, environment: Self.environment(moto))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(changed.stdout.utf8)) as? [String: Any])
        let resources = try #require(object["resources"] as? [[String: Any]])
        let updates = resources.filter { $0["action"] as? String != "no-op" }
        #expect(
            updates.compactMap { $0["address"] as? String }.map { $0.split(separator: ".").first } == [
                "function", "version", "alias",
            ])
        #expect((updates.first?["changes"] as? [[String: Any]])?.map { $0["attribute"] as? String } == ["memory"])
        try Data().write(to: log)
        let apply = try HoistBinary.run(["deploy", "--yes"] + common + artifacts, environment: Self.environment(moto))
        #expect(apply.status == 0, "\(apply.stderr)")
        #expect(Self.writes(in: log).count == 3, "\(Self.writes(in: log))")
    }

    @Test("on a terminal an S3 upload draws a progress line (bar, bytes, rate, ETA); in a pipe only plain lines")
    func uploadProgress() throws {
        let moto = try HoistBinary.moto()
        var generator = SplitMix64(seed: 11)
        for terminal in [true, false] {
            let folder = try Self.project()
            // 12 MiB of random bytes zip to over the 1 MB direct limit: three 5 MiB parts through S3, enough for the
            // upload to outlast the 50 ms before the line shows a rate (6 MiB went up in 40 ms here, flaking it).
            try Data((0..<(12 << 20)).map { _ in UInt8(truncatingIfNeeded: generator.next()) }).write(
                to: folder.appendingPathComponent("boot"))
            let config = folder.appendingPathComponent("hoist.yml")
            try (String(contentsOf: config, encoding: .utf8) + "\nupload:\n  direct_limit_mb: 1\n  part_size_mb: 5\n")
                .write(to: config, atomically: true, encoding: .utf8)
            let arguments = [
                "deploy", "--yes", "--config", config.path, "--endpoint-url", moto.endpoint, "--bootstrap", "boot",
                "--no-gate",
            ]
            let result: HoistBinary.Result
            if terminal {
                // script(1) gives the deploy a pseudo-terminal for stdin and stdout.
                let command = ([HoistBinary.executable.path] + arguments).map { "'\($0)'" }.joined(separator: " ")
                var environment = Self.environment(moto)
                environment["PATH"] = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
                environment["HOME"] = folder.path
                result = try HoistBinary.runProcess(
                    URL(fileURLWithPath: "/usr/bin/script"), ["-qec", command, "/dev/null"], environment: environment)
            } else {
                result = try HoistBinary.run(arguments, environment: Self.environment(moto))
            }
            #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
            #expect(result.stdout.contains("part 3/3 of s3://"), "\(result.stdout)")
            if terminal {
                #expect(result.stdout.contains("\r\u{1B}[2K  uploading ["), "\(result.stdout)")
                #expect(result.stdout.contains("MB/s  done in "), "\(result.stdout)")
            } else {
                #expect(!result.stdout.contains("uploading ["), "\(result.stdout)")
                #expect(!result.stdout.contains("\r"))
            }
        }
    }

    @Test("every malformed hoist.yml of the corpus: exit 1, file:line:column on stderr, and no AWS call")
    func malformedCorpus() throws {
        let moto = try HoistBinary.moto()
        let corpus = HoistBinary.packageRoot.appendingPathComponent("Tests/HoistCoreTests/Fixtures/config")
        let files = try FileManager.default.contentsOfDirectory(atPath: corpus.path).filter { $0.hasSuffix(".yml") }
            .filter { !$0.hasPrefix("valid") }.sorted()
        #expect(files.count >= 20)
        let log = try HoistBinary.temporaryFolder().appendingPathComponent("proxy.log")
        let proxy = try HoistBinary.startProxy(upstream: moto.endpoint, extra: ["--log", log.path])
        defer { proxy.terminate() }
        for file in files {
            let path = corpus.appendingPathComponent(file).path
            let result = try HoistBinary.run(
                ["plan", "--config", path, "--endpoint-url", proxy.endpoint], environment: Self.environment(moto))
            #expect(result.status == 1, "\(file): exit \(result.status)")
            let position = result.stderr.range(of: #"\#(file):[0-9]+:[0-9]+: error: "#, options: .regularExpression)
            #expect(position != nil, "\(file): \(result.stderr)")
        }
        let calls = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        #expect(calls.isEmpty, "AWS was called: \(calls)")
    }

    @Test("--print-deployer-policy prints the deploying identity's policy; --read-only the plan job's")
    func deployerPolicy() throws {
        let moto = try HoistBinary.moto()
        let folder = try Self.project()
        let common = ["--config", folder.appendingPathComponent("hoist.yml").path, "--endpoint-url", moto.endpoint]
        let full = try HoistBinary.run(
            ["plan", "--print-deployer-policy"] + common, environment: Self.environment(moto))
        #expect(full.status == 0, "\(full.stderr)")
        #expect(full.stdout.contains("iam:PassRole"))
        #expect(full.stdout.contains("lambda:CreateFunction"))
        let readOnly = try HoistBinary.run(
            ["plan", "--print-deployer-policy", "--read-only"] + common, environment: Self.environment(moto))
        #expect(readOnly.status == 0)
        #expect(!readOnly.stdout.contains("CreateFunction") && readOnly.stdout.contains("lambda:GetFunction"))
    }
}

@Suite("Request counting for --verbose")
struct RequestCounterTests {
    @Test(
        "reads are GET/HEAD and Get/List/Describe operations; everything else writes",
        arguments: [
            ("GET", nil, nil, false), ("HEAD", nil, nil, false), ("PUT", nil, nil, true), ("DELETE", nil, nil, true),
            ("POST", "DynamoDB_20120810.DescribeTable", nil, false), ("POST", "secretsmanager.CreateSecret", nil, true),
            ("POST", nil, "Action=GetRole&RoleName=x", false), ("POST", nil, "Action=CreateRole&RoleName=x", true),
            ("POST", "Logs_20140328.ListTagsLogGroup", nil, false),
        ] as [(String, String?, String?, Bool)])
    func classify(method: String, target: String?, form: String?, write: Bool) {
        let request = HTTPRequest(
            method: method, url: "http://127.0.0.1/",
            headers: target.map { [HTTPHeader("X-Amz-Target", $0)] } ?? [],
            body: form.map { .bytes(Array($0.utf8)) } ?? .none)
        #expect(RequestCounter.isWrite(request) == write)
    }
}
