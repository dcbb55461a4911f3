import Foundation
import Testing

@testable import HoistPackaging

/// swift build's output as the console shows it, on real captured output (`Fixtures/swift-build/`).
@Suite("swift build output: progress, static-linking notices, diagnostics")
struct SwiftBuildOutputTests {
    static func lines(_ name: String) throws -> [String] {
        let text = try String(contentsOfFile: TestSupport.fixture("swift-build/\(name)"), encoding: .utf8)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }  // the file's final newline ends the last line
        return lines
    }

    /// Runs every line of a fixture through a model; returns it and the lines it printed in full.
    static func consume(_ name: String, verbose: Bool = false) throws -> (SwiftBuildConsoleModel, [String]) {
        var model = SwiftBuildConsoleModel(verbose: verbose)
        var shown: [String] = []
        for line in try lines(name) { shown += model.consume(line) }
        return (model, shown)
    }

    @Test("steps and phases parse; other bracketed lines do not")
    func steps() {
        #expect(
            SwiftBuildStep(line: "[412/998] Compiling CNIOBoringSSL x509.c")
                == SwiftBuildStep(completed: 412, total: 998, message: "Compiling CNIOBoringSSL x509.c"))
        #expect(SwiftBuildStep(line: "Building for production...")?.completed == nil)
        #expect(SwiftBuildStep(line: "Build of product 'Backend' complete! (11.65s)") != nil)
        #expect(SwiftBuildStep(line: "Fetching https://github.com/jpsim/Yams from cache") != nil)
        #expect(SwiftBuildStep(line: "[#DeprecatedDeclaration]: <https://docs.swift.org/…>") == nil)
        #expect(SwiftBuildStep(line: "[1/] x") == nil)
        #expect(SwiftBuildStep(line: " 15 |     var unusedCounter = 1") == nil)
    }

    @Test("glibc's static-linking warnings are notices, with the function named; a look-alike is not")
    func notices() {
        let swiftCore =
            "/opt/swift/usr/lib/swift_static/linux/libswiftCore.a(LibPrespecialized.cpp.o):LibPrespecialized.cpp:"
            + "function LibPrespecializedState::findLibPrespecialized(): warning: Using 'dlopen' in statically linked "
            + "applications requires at runtime the shared libraries from the glibc version used for linking"
        #expect(SwiftBuildLine.classify(swiftCore) == .staticLinkNotice(function: "dlopen"))
        let other = "/tmp/x.swift:3:1: warning: Using 'x' in statically linked applications is discouraged"
        #expect(SwiftBuildLine.classify(other) == .other(other))
    }

    @Test("a clean static build of the starter backend: nothing shown, 2 notices counted, last step kept")
    func cleanStaticBuild() throws {
        let (model, shown) = try Self.consume("static-backend.txt")
        #expect(shown.isEmpty, "\(shown)")
        #expect(model.staticLinkNotices == 2)
        #expect(model.noticeSummary == "2 static-linking notices (glibc, harmless for Lambda), see --verbose")
        #expect(model.step?.message.hasPrefix("Build of product 'Backend' complete!") == true)
    }

    @Test("a compiler warning is shown in full with its excerpt; the notices are not")
    func warningShownInFull() throws {
        let (model, shown) = try Self.consume("warning-and-static.txt")
        let text = shown.joined(separator: "\n")
        #expect(text.contains("main.swift:15:9: warning: initialization of variable 'unusedCounter' was never used"))
        #expect(text.contains(" 15 |     var unusedCounter = 1"))
        #expect(text.contains("`- warning: initialization of variable 'unusedCounter'"))
        #expect(!text.contains("statically linked applications"))
        #expect(!text.contains("[3/4] Compiling"))
        #expect(shown.count == 7)
        #expect(model.staticLinkNotices == 2)
    }

    @Test("an error is shown in full")
    func errorShown() throws {
        let (_, shown) = try Self.consume("error.txt")
        let text = shown.joined(separator: "\n")
        #expect(text.contains("main.swift:15:23: error: cannot convert value of type 'String' to specified type 'Int'"))
        #expect(text.contains("`- error: cannot convert value of type 'String' to specified type 'Int'"))
    }

    @Test("the root package's build: resolution is progress, the deprecation warning and its notes are shown")
    func rootBuild() throws {
        let (model, shown) = try Self.consume("root-debug-excerpt.txt")
        #expect(!shown.contains { $0.hasPrefix("Fetching ") || $0.hasPrefix("Computed ") || $0.hasPrefix("[7") })
        #expect(shown.filter { $0.contains("warning: 'init(_:)' is deprecated") }.count == 4)
        #expect(
            shown.contains(
                "[#DeprecatedDeclaration]: <https://docs.swift.org/compiler/documentation/diagnostics/deprecated-declaration>"
            ))
        #expect(
            model.step
                == SwiftBuildStep(completed: 729, total: 783, message: "Compiling HoistAWSTests EnvironmentTests.swift")
        )
        #expect(model.staticLinkNotices == 0)
        #expect(model.noticeSummary == nil)
    }

    @Test("--verbose shows every line, notices included, and has no summary")
    func verbose() throws {
        let all = try Self.lines("warning-and-static.txt")
        let (model, shown) = try Self.consume("warning-and-static.txt", verbose: true)
        #expect(shown == all)
        #expect(model.staticLinkNotices == 2)
        #expect(model.noticeSummary == nil)
    }

    @Test("the status line: step and elapsed time, shortened to the width")
    func statusLine() {
        var model = SwiftBuildConsoleModel(verbose: false)
        _ = model.consume("[412/998] Compiling CNIOBoringSSL x509_vpm.cc")
        #expect(
            model.statusLine(prefix: "hoist: ", elapsed: 72.4, width: 100)
                == "hoist: [412/998] Compiling CNIOBoringSSL x509_vpm.cc … 1m12s")
        let narrow = model.statusLine(prefix: "hoist: ", elapsed: 72.4, width: 40)
        #expect(narrow == "hoist: [412/998] Compiling CNI… … 1m12s")
        #expect(narrow.count <= 39)
        #expect(SwiftBuildConsoleModel(verbose: false).statusLine(prefix: "", elapsed: 3, width: 80) == "starting … 3s")
    }

    @Test("durations and the 30 s report interval")
    func durations() {
        #expect(SwiftBuildConsoleModel.duration(45.9) == "45s")
        #expect(SwiftBuildConsoleModel.duration(72) == "1m12s")
        #expect(SwiftBuildConsoleModel.duration(3723) == "1h02m03s")
        #expect(!SwiftBuildConsoleModel.isReportDue(now: 129.9, last: 100))
        #expect(SwiftBuildConsoleModel.isReportDue(now: 130, last: 100))
    }
}
