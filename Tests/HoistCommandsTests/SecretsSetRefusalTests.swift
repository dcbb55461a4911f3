import Foundation
import Testing

/// `hoist secrets set` refusals through the real binary, all before any AWS call (so no moto is needed: the
/// endpoint is a closed port, which only a wrongly accepted value would reach).
@Suite("hoist secrets set: refusals (binary)")
struct SecretsSetRefusalTests {
    static func environment(_ folder: URL) -> [String: String] {
        [
            "PATH": "/usr/bin:/bin", "HOME": folder.path, "AWS_EC2_METADATA_DISABLED": "true",
            "AWS_ACCESS_KEY_ID": "AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY": "test-secret-key",
            "AWS_REGION": "us-east-1", "AWS_ENDPOINT_URL": "http://127.0.0.1:9", "AWS_MAX_ATTEMPTS": "1",
        ]
    }

    /// Runs `hoist secrets set NAME --config …` with `input` on standard input.
    static func set(_ name: String, input: [UInt8]) throws -> HoistBinary.Result {
        let folder = try PlanDeployCommandTests.project()
        defer { try? FileManager.default.removeItem(at: folder) }
        let inputFile = folder.appendingPathComponent("input")
        try Data(input).write(to: inputFile)
        return try HoistBinary.runProcess(
            HoistBinary.executable,
            ["secrets", "set", name, "--config", folder.appendingPathComponent("hoist.yml").path],
            environment: environment(folder), input: inputFile)
    }

    @Test("a value pasted as the name is not repeated on stdout or stderr")
    func valueAsNameNotEchoed() throws {
        let pasted = "pasted-value-" + UUID().uuidString
        let result = try Self.set(pasted, input: Array("x\n".utf8))
        #expect(result.status == 1)
        #expect(result.stderr.contains("is not a secret of"), "\(result.stderr)")
        #expect(result.stderr.contains("JWT_SECRET_KEY"))
        #expect(!result.stderr.contains(pasted) && !result.stdout.contains(pasted))
        #expect(!result.stderr.contains(String(pasted.suffix(12))))
    }

    @Test("more than 65,536 bytes on stdin: refused, nothing sent")
    func tooLarge() throws {
        let result = try Self.set("JWT_SECRET_KEY", input: [UInt8](repeating: UInt8(ascii: "k"), count: 65_537))
        #expect(result.status == 1)
        #expect(result.stderr.contains("over 65536 bytes; nothing was stored"), "\(result.stderr)")
        #expect(!result.stderr.contains("kkkk"))
    }

    @Test("invalid UTF-8 on stdin: refused, not stored as U+FFFD")
    func invalidUTF8() throws {
        let result = try Self.set("JWT_SECRET_KEY", input: Array("secret-".utf8) + [0xFF, 0xFE] + Array("-end\n".utf8))
        #expect(result.status == 1)
        #expect(result.stderr.contains("not valid UTF-8"), "\(result.stderr)")
        #expect(!result.stderr.contains("secret-"))
    }

    @Test("while the value is being read, the process has a core size limit of 0 (soft and hard)")
    func coreDumpsDisabled() throws {
        // The child inherits this process's limits: with a hard limit of 0 already, the test could not fail.
        var own = rlimit()
        try #require(getrlimit(__rlimit_resource_t(RLIMIT_CORE.rawValue), &own) == 0 && own.rlim_max != 0)
        let folder = try PlanDeployCommandTests.project()
        defer { try? FileManager.default.removeItem(at: folder) }
        let process = Process()
        process.executableURL = HoistBinary.executable
        process.arguments = [
            "secrets", "set", "JWT_SECRET_KEY", "--config", folder.appendingPathComponent("hoist.yml").path,
        ]
        process.environment = Self.environment(folder)
        let input = Pipe()
        process.standardInput = input
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        // The process blocks reading stdin until the pipe closes; read its limits meanwhile (bounded wait).
        var coreLimit: String?
        for _ in 0..<400 where process.isRunning {
            let limits = (try? String(contentsOfFile: "/proc/\(process.processIdentifier)/limits", encoding: .utf8))
            coreLimit = limits?.split(separator: "\n").first { $0.hasPrefix("Max core file size") }.map(String.init)
            if let coreLimit, coreLimit.split(separator: " ").suffix(3).prefix(2) == ["0", "0"] { break }
            usleep(25_000)
        }
        try input.fileHandleForWriting.close()
        process.waitUntilExit()
        let fields = coreLimit?.split(separator: " ").suffix(3).prefix(2).map(String.init)
        #expect(fields == ["0", "0"], "\(coreLimit ?? "no /proc limits read")")
    }
}
