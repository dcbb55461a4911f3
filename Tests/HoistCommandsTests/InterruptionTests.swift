import Foundation
import HoistAWS
import HoistCore
import HoistTestSupport
import Testing

/// Ctrl-C during a deploy, as the real binary against moto behind a slow proxy.
@Suite("Interrupted deploys (binary, moto)", .enabled(if: HoistBinary.motoShouldRun, "moto_server not configured"))
struct InterruptionTests {
    @Test("SIGINT during a multipart upload: exit 130, no upload left open, the rerun converges")
    func sigintDuringUpload() async throws {
        let moto = try HoistBinary.moto()
        let folder = try PlanDeployCommandTests.project()
        var generator = SplitMix64(seed: 9)
        try Data((0..<(16 << 20)).map { _ in UInt8(truncatingIfNeeded: generator.next()) }).write(
            to: folder.appendingPathComponent("boot"))
        let config = folder.appendingPathComponent("hoist.yml")
        try (String(contentsOf: config, encoding: .utf8) + "\nupload:\n  direct_limit_mb: 1\n  part_size_mb: 5\n")
            .write(to: config, atomically: true, encoding: .utf8)
        let proxy = try HoistBinary.startProxy(upstream: moto.endpoint, extra: ["--delay-ms", "400"])
        defer { proxy.terminate() }
        let arguments = [
            "deploy", "--yes", "--config", config.path, "--endpoint-url", proxy.endpoint, "--bootstrap",
            folder.appendingPathComponent("boot").path, "--no-gate",
        ]

        let process = Process()
        process.executableURL = HoistBinary.executable
        process.arguments = arguments
        process.environment = PlanDeployCommandTests.environment(moto).merging(
            ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"]) { _, new in new }
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        // Wait for the first part of the upload, then interrupt.
        var seen = Data()
        let deadline = Date().addingTimeInterval(120)
        while Date() < deadline, !String(decoding: seen, as: UTF8.self).contains("part 1/") {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            seen.append(chunk)
        }
        #expect(String(decoding: seen, as: UTF8.self).contains("part 1/"), "\(String(decoding: seen, as: UTF8.self))")
        kill(process.processIdentifier, SIGINT)
        process.waitUntilExit()
        let stderr = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(process.terminationStatus == 130, "\(stderr)")
        #expect(stderr.contains("interrupted"), "\(stderr)")

        // No multipart upload of this project is left open (its parts would be billed until the lifecycle rule
        // aborts it). The bucket is shared with the tests running beside this one, so only this project's keys
        // count: another test's upload in flight is not this one's leak.
        let project = try PlanDeployCommandTests.projectName(in: folder)
        // (Filtered here: moto refuses the signature of a listing with `prefix=…%2F`.)
        let listed = try OwnershipTests.aws(
            ["s3api", "list-multipart-uploads", "--bucket", "hoist-123456789012-us-east-1"], endpoint: moto.endpoint)
        #expect(listed.status == 0, "\(listed.stderr)")
        let uploads =
            (try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [String: Any])?["Uploads"]
            as? [[String: Any]] ?? []
        let open = uploads.compactMap { $0["Key"] as? String }.filter { $0.hasPrefix("\(project)/") }
        #expect(open.isEmpty, "\(listed.stdout)")

        // The rerun goes straight to moto: the slow proxy was only there to make the upload interruptible.
        let direct = arguments.map { $0 == proxy.endpoint ? moto.endpoint : $0 }
        let rerun = try HoistBinary.run(direct, environment: PlanDeployCommandTests.environment(moto))
        #expect(rerun.status == 0, "\(rerun.stdout)\(rerun.stderr)")
        let clean = try HoistBinary.run(
            ["plan", "--detailed-exitcode"] + direct.dropFirst(2), environment: PlanDeployCommandTests.environment(moto)
        )
        #expect(clean.status == 0, "\(clean.stdout)\(clean.stderr)")
    }
}
