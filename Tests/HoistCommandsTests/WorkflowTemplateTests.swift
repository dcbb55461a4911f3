import Foundation
import Testing

/// The CI templates under `templates/ci/`, checked by `scripts/check-workflows.py` (actionlint, zizmor offline,
/// `bash -n` on every `run:` step).
@Suite("CI workflow templates")
struct WorkflowTemplateTests {
    /// The checkers are installed by scripts/test.sh (scripts/requirements-test.txt); required there.
    static let checkersInstalled: Bool = {
        let probe = try? HoistBinary.runProcess(
            URL(fileURLWithPath: "/usr/bin/env"), ["sh", "-c", "command -v actionlint && command -v zizmor"],
            environment: ProcessInfo.processInfo.environment)
        return probe?.status == 0
    }()
    static var shouldRun: Bool { checkersInstalled || HoistBinary.motoRequired }

    static func check(_ paths: [String]) throws -> HoistBinary.Result {
        let script = HoistBinary.packageRoot.appendingPathComponent("scripts/check-workflows.py").path
        return try HoistBinary.runProcess(
            URL(fileURLWithPath: "/usr/bin/env"), ["python3", script] + paths,
            environment: ProcessInfo.processInfo.environment)
    }

    @Test(
        "actionlint, zizmor and bash -n find nothing in any workflow of templates/ci",
        .enabled(if: shouldRun, "actionlint/zizmor are not installed and HOIST_REQUIRE_MOTO is not set"))
    func templatesAreClean() throws {
        let result = try Self.check([])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("0 finding(s)"), "\(result.stdout)")
        #expect(!result.stdout.contains(" 0 workflow(s)"))
    }

    @Test(
        "the check fails on a workflow with an unpinned action, a bad expression and a shell syntax error",
        .enabled(if: shouldRun, "actionlint/zizmor are not installed and HOIST_REQUIRE_MOTO is not set"))
    func brokenWorkflowFails() throws {
        let broken = HoistBinary.packageRoot.appendingPathComponent(
            "Tests/HoistCommandsTests/Fixtures/workflows/broken.yml")
        let result = try Self.check([broken.path])
        #expect(result.status == 1)
        #expect(result.stdout.contains("actionlint (exit 1)"), "\(result.stdout)")
        #expect(result.stdout.contains("unpinned-uses"), "\(result.stdout)")
        #expect(result.stdout.contains("syntax error: bash -n") || result.stdout.contains("bash -n: run: line"))
        #expect(result.stdout.contains("3 finding(s)"))
    }
}
