import Foundation
import HoistDev
import Testing

/// `LocalInvoker` over real sockets and processes: `/bin/sh` scripts as the function (curl speaks the Runtime API).
@Suite("hoist invoke --local: the invoker")
struct LocalInvokerTests {
    /// `/bin/sh -c script` with curl on the PATH.
    static func shell(_ script: String) -> LaunchSpec {
        LaunchSpec(
            executable: "/bin/sh", arguments: ["-c", script],
            environment: ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"])
    }

    /// Answers one event with `body` (after `before`), then waits for the next.
    static func answering(_ body: String, before: String = "") -> LaunchSpec {
        shell(
            """
            api="http://$AWS_LAMBDA_RUNTIME_API/2018-06-01/runtime"
            \(before)
            id=$(curl -sS -D - -o /dev/null "$api/invocation/next" | tr -d '\\r' \
                | grep -i '^lambda-runtime-aws-request-id:' | cut -d' ' -f2)
            curl -sS -X POST "$api/invocation/$id/response" -d '\(body)' >/dev/null
            curl -sS "$api/invocation/next" >/dev/null
            """)
    }

    @Test("the answer, with the request id it was handed out under, and the output written up to it")
    func answer() throws {
        let invoker = LocalInvoker(
            launch: Self.answering(#"{"ok":true}"#, before: "echo to-stdout; echo to-stderr >&2"), timeout: 30,
            functionArn: "arn:aws:lambda:eu-west-1:000000000000:function:f")
        let result = try invoker.invoke(Array(#"{"a":1}"#.utf8), requestId: "req-1")
        #expect(result.outcome == .response(Array(#"{"ok":true}"#.utf8)))
        #expect(result.requestId == "req-1")
        #expect(String(decoding: result.output, as: UTF8.self) == "to-stdout\nto-stderr\n")
        #expect(result.droppedOutputBytes == 0)
    }

    @Test("output past 1 MiB: the newest 1 MiB kept, the earlier bytes counted")
    func outputLimit() throws {
        let written = 1_600_000
        let invoker = LocalInvoker(
            launch: Self.answering(
                "done", before: "head -c \(written) /dev/zero | tr '\\0' 'a'; echo; echo last-line"),
            timeout: 30, functionArn: "arn:aws:lambda:eu-west-1:000000000000:function:f")
        let result = try invoker.invoke(Array("{}".utf8))
        #expect(result.outcome == .response(Array("done".utf8)))
        #expect(result.output.count == LocalInvoker.outputLimit)
        #expect(result.droppedOutputBytes == written + "\nlast-line\n".utf8.count - LocalInvoker.outputLimit)
        #expect(String(decoding: result.output.suffix(11), as: UTF8.self) == "\nlast-line\n")
    }

    @Test("a process that exits before asking for the event ends the invocation as exited, its status kept")
    func exitBeforeNext() throws {
        let invoker = LocalInvoker(
            launch: Self.shell("echo bye; exit 7"), timeout: 600,
            functionArn: "arn:aws:lambda:eu-west-1:000000000000:function:f")
        let result = try invoker.invoke(Array("{}".utf8))
        #expect(result.outcome == .exited(status: "exit status 7"))
        #expect(String(decoding: result.output, as: UTF8.self) == "bye\n")
    }

    @Test("an executable that does not exist is an error, not an outcome")
    func missingExecutable() {
        let invoker = LocalInvoker(
            launch: LaunchSpec(executable: "/nonexistent/bootstrap"), timeout: 5,
            functionArn: "arn:aws:lambda:eu-west-1:000000000000:function:f")
        #expect(throws: DevServerError.self) { try invoker.invoke(Array("{}".utf8)) }
    }
}
