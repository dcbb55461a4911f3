import Foundation
import HoistTestSupport
import Testing

/// `scripts/unfinished_tests.py`, which scripts/test.sh runs when the tests fail or run out of time: it must name
/// exactly the tests that started and never ended, whatever else the log holds.
@Suite("scripts/unfinished_tests.py")
struct UnfinishedTestsScriptTests {
    static func run(_ log: URL) throws -> ProcessResult {
        let script = HoistBinary.packageRoot.appendingPathComponent("scripts/unfinished_tests.py").path
        return try ProcessRunner.run(command: ["python3", script, log.path])
    }

    @Test("a cut-off log: only the test still running is named (not a passed, failed, skipped or case line)")
    func cutOff() throws {
        let log = HoistBinary.packageRoot.appendingPathComponent(
            "Tests/HoistCommandsTests/Fixtures/test-logs/cut-off.log")
        let result = try Self.run(log)
        #expect(result.status == 0, "\(result.stderr)")
        let named = result.stdout.split(separator: "\n").dropFirst().map { $0.trimmingCharacters(in: .whitespaces) }
        #expect(result.stdout.hasPrefix("unfinished tests: 1 started and never ended:"), "\(result.stdout)")
        #expect(
            named == ["\"a deploy interrupted at 10 random points converges on rerun\"  (started at log line 10 of 17)"]
        )
    }

    @Test("a complete log: none unfinished")
    func complete() throws {
        let folder = try HoistBinary.temporaryFolder()
        let log = folder.appendingPathComponent("complete.log")
        try """
        ◇ Test run started.
        ◇ Test "a" started.
        ✔ Test "a" passed after 0.1 seconds.
        ✔ Test run with 1 test in 1 suite passed after 0.2 seconds.

        """.write(to: log, atomically: true, encoding: .utf8)
        let result = try Self.run(log)
        #expect(result.stdout == "unfinished tests: none (every test that started ended)\n", "\(result.stdout)")
    }
}
