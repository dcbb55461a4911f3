import Foundation
import HoistAWS
import Testing

@testable import HoistCore

/// `InvocationReport`: what goes to standard output and standard error for canned Invoke answers.
@Suite("invoke: what is printed")
struct InvocationReportTests {
    static let target = InvokeTarget(functionName: "shop-dev", qualifier: .alias("live"))

    static func fixture(_ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: try InvokeEventTests.fixture(name)))
    }

    static func answer(
        _ payload: [UInt8], error: String? = nil, log: String? = nil, version: String = "3"
    ) -> LambdaInvocation {
        LambdaInvocation(
            statusCode: 200, payload: payload, functionError: error, logResult: log, executedVersion: version,
            requestId: "r-1")
    }

    @Test("piped: the payload byte for byte; the version that ran on standard error")
    func piped() throws {
        let payload = try Self.fixture("payload.json")
        let report = InvocationReport(Self.answer(payload), target: Self.target, showLog: false, terminal: false)
        #expect(report.standardOutput == payload)
        #expect(report.standardError == "shop-dev: version 3 ran (through alias live), request id r-1\n")
        #expect(!report.failed)
    }

    @Test("on a terminal: JSON pretty-printed with sorted keys and unescaped slashes, then a newline")
    func terminal() throws {
        let report = InvocationReport(
            Self.answer(try Self.fixture("payload.json")), target: Self.target, showLog: false, terminal: true)
        let expected = """
            {
              "body" : "{\\"movies\\":[]}",
              "headers" : {
                "content-type" : "application/json",
                "x-path" : "/a/b"
              },
              "statusCode" : 200
            }

            """
        #expect(String(decoding: report.standardOutput, as: UTF8.self) == expected)
    }

    @Test("on a terminal a payload that is not JSON is left as it is, with a final newline")
    func terminalText() {
        let report = InvocationReport(
            Self.answer(Array("plain <text>".utf8)), target: Self.target, showLog: false, terminal: true)
        #expect(report.standardOutput == Array("plain <text>\n".utf8))
        let piped = InvocationReport(
            Self.answer(Array("plain <text>".utf8)), target: Self.target, showLog: false, terminal: false)
        #expect(piped.standardOutput == Array("plain <text>".utf8))
    }

    @Test("a function error: no payload, errorType and errorMessage and the trace on standard error, failed")
    func functionError() throws {
        let report = InvocationReport(
            Self.answer(try Self.fixture("function-error.json"), error: "Unhandled"), target: Self.target,
            showLog: false, terminal: true)
        #expect(report.failed)
        #expect(report.standardOutput.isEmpty)
        let lines = report.standardError.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.first == "shop-dev: version 3 ran (through alias live), request id r-1")
        #expect(lines.dropFirst().first == "error: function error (Unhandled): ValidationError: movie 42 has no title")
        #expect(report.standardError.contains(#"    File "/var/task/app.py", line 12, in handler"#))
    }

    @Test("a function error whose payload is not Lambda's error document is shown as it is")
    func otherErrorPayload() {
        let report = InvocationReport(
            Self.answer(Array("segfault".utf8), error: "Unhandled"), target: Self.target, showLog: false,
            terminal: false)
        #expect(report.failed)
        #expect(report.standardError.hasSuffix("error: function error (Unhandled): segfault\n"))
    }

    @Test("--log: X-Amz-Log-Result decoded between markers, before the version line")
    func logTail() throws {
        let log = try Self.fixture("log-tail.txt")
        let report = InvocationReport(
            Self.answer(Array("{}".utf8), log: Data(log).base64EncodedString()), target: Self.target, showLog: true,
            terminal: false)
        let expected =
            "--- log tail (last 4 KB) ---\n" + String(decoding: log, as: UTF8.self) + "--- end of log ---\n"
            + "shop-dev: version 3 ran (through alias live), request id r-1\n"
        #expect(report.standardError == expected)
        let quiet = InvocationReport(
            Self.answer(Array("{}".utf8), log: Data(log).base64EncodedString()), target: Self.target,
            showLog: false, terminal: false)
        #expect(!quiet.standardError.contains("START"))
    }

    @Test("--log: a tail cut inside a character, an absent or a broken header are reported, not fatal")
    func logEdgeCases() {
        let cut = Array("é END\n".utf8).dropFirst()  // starts with the second byte of é
        let decoded = InvocationReport.logTail(Data(cut).base64EncodedString())
        #expect(decoded.contains("\u{FFFD} END"))
        #expect(InvocationReport.logTail(nil).contains("no log returned"))
        #expect(InvocationReport.logTail("%%%").contains("not base64"))
    }

    @Test("$LATEST and a version: no alias in the line")
    func versions() {
        let latest = InvocationReport(
            Self.answer([], version: "$LATEST"),
            target: InvokeTarget(functionName: "shop-dev-rotate", qualifier: .unqualified), showLog: false,
            terminal: false)
        #expect(latest.standardError == "shop-dev-rotate: $LATEST ran, request id r-1\n")
        let pinned = InvocationReport(
            Self.answer([], version: "2"), target: InvokeTarget(functionName: "shop-dev", qualifier: .version("2")),
            showLog: false, terminal: false)
        #expect(pinned.standardError == "shop-dev: version 2 ran, request id r-1\n")
    }
}
