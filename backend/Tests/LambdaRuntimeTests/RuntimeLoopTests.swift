import Foundation
import Synchronization
import Testing

@testable import LambdaRuntime

/// A scripted Runtime API: hands out queued invocations and records every call.
final class FakeRuntime: RuntimeTransport, Sendable {
    struct Call: Equatable {
        var method: String
        var path: String
        var headers: [String: String]
        var body: String
    }

    let invocations: Mutex<[RuntimeHTTPResponse]>
    let calls = Mutex<[Call]>([])
    let traceIdsSeen = Mutex<[String?]>([])

    init(invocations: [RuntimeHTTPResponse]) {
        self.invocations = Mutex(invocations)
    }

    func send(
        method: String, path: String, headers: [(name: String, value: String)], body: [UInt8]?, longPoll: Bool
    ) async throws -> RuntimeHTTPResponse {
        let call = Call(
            method: method, path: path,
            headers: Dictionary(headers.map { ($0.name, $0.value) }, uniquingKeysWith: { $1 }),
            body: String(decoding: body ?? [], as: UTF8.self))
        calls.withLock { $0.append(call) }
        if path.hasSuffix("/invocation/next") {
            #expect(longPoll)
            return invocations.withLock { $0.isEmpty ? RuntimeHTTPResponse(status: 500) : $0.removeFirst() }
        }
        return RuntimeHTTPResponse(status: 202)
    }

    static func invocation(_ id: String, event: String, trace: String? = nil) -> RuntimeHTTPResponse {
        var headers = [("Lambda-Runtime-Aws-Request-Id", id), ("Lambda-Runtime-Deadline-Ms", "1800000000000")]
        if let trace { headers.append(("Lambda-Runtime-Trace-Id", trace)) }
        return RuntimeHTTPResponse(status: 200, headers: headers, body: Array(event.utf8))
    }
}

struct HandlerFailure: Error {}

@Suite(.serialized) struct RuntimeLoopTests {
    @Test func answersEachInvocationAndGoesOnAfterAHandlerError() async throws {
        let runtime = FakeRuntime(invocations: [
            FakeRuntime.invocation("r1", event: "ok", trace: "Root=1-a"),
            FakeRuntime.invocation("r2", event: "fail"),
            FakeRuntime.invocation("r3", event: "ok", trace: "Root=1-c"),
        ])
        let loop = LambdaRuntimeLoop(client: LambdaRuntimeClient(transport: runtime))
        let served = try await loop.run(maxInvocations: 3) {
            { event, invocation in
                runtime.traceIdsSeen.withLock {
                    $0.append(ProcessInfo.processInfo.environment["_X_AMZN_TRACE_ID"])
                }
                #expect(invocation.deadlineMilliseconds == 1_800_000_000_000)
                if event == Array("fail".utf8) { throw HandlerFailure() }
                return Array("answer-\(invocation.requestId)".utf8)
            }
        }
        #expect(served == 3)
        let calls = runtime.calls.withLock { $0 }
        let posts = calls.filter { $0.method == "POST" }
        #expect(
            posts.map(\.path) == [
                "/2018-06-01/runtime/invocation/r1/response",
                "/2018-06-01/runtime/invocation/r2/error",
                "/2018-06-01/runtime/invocation/r3/response",
            ])
        #expect(posts[0].body == "answer-r1")
        #expect(posts[1].headers["Lambda-Runtime-Function-Error-Type"] == "HandlerFailure")
        #expect(posts[1].body.contains(#""errorType":"HandlerFailure""#))
        #expect(runtime.traceIdsSeen.withLock { $0 } == ["Root=1-a", nil, "Root=1-c"])
    }

    @Test func initFailureIsReportedAsInitError() async throws {
        let runtime = FakeRuntime(invocations: [])
        let loop = LambdaRuntimeLoop(client: LambdaRuntimeClient(transport: runtime))
        await #expect(throws: HandlerFailure.self) {
            try await loop.run(maxInvocations: 1) { throw HandlerFailure() }
        }
        let calls = runtime.calls.withLock { $0 }
        #expect(calls.map(\.path) == ["/2018-06-01/runtime/init/error"])
        #expect(calls[0].headers["Lambda-Runtime-Function-Error-Type"] == "HandlerFailure")
    }

    @Test func nextWithoutRequestIdIsMalformed() async throws {
        let runtime = FakeRuntime(invocations: [RuntimeHTTPResponse(status: 200, body: Array("{}".utf8))])
        let client = LambdaRuntimeClient(transport: runtime)
        await #expect(throws: RuntimeError.self) { try await client.next() }
    }

    @Test func runtimeAPIFailureStopsTheLoop() async throws {
        let runtime = FakeRuntime(invocations: [])
        let loop = LambdaRuntimeLoop(client: LambdaRuntimeClient(transport: runtime))
        await #expect(throws: RuntimeError.self) {
            try await loop.run(maxInvocations: 1) { { _, _ in [] } }
        }
    }
}
