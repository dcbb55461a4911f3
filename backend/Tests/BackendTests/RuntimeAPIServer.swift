import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

/// A minimal Lambda Runtime API on loopback: queues events, hands them to `next`, collects answers.
final class RuntimeAPIServer: Sendable {
    /// How an invocation ended.
    struct Outcome: Sendable {
        var kind: String
        var body: [UInt8]
        var text: String { String(decoding: body, as: UTF8.self) }
    }

    private struct State {
        var queue: [(id: String, body: [UInt8])] = []
        var nextWaiters: [CheckedContinuation<(id: String, body: [UInt8])?, Never>] = []
        var outcomes: [String: CheckedContinuation<Outcome, Never>] = [:]
        var initErrors: [String] = []
        var firstNextAt: ContinuousClock.Instant?
        var closed = false
    }

    private let state = Mutex(State())
    private let channel: NIOAsyncChannel<NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>, Never>
    private let acceptTask: Mutex<Task<Void, Never>?> = Mutex(nil)
    private let counter = Atomic<Int>(0)

    /// `127.0.0.1:<port>`, for `AWS_LAMBDA_RUNTIME_API`.
    let endpoint: String

    private init(
        channel: NIOAsyncChannel<NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>, Never>
    ) {
        self.channel = channel
        self.endpoint = "127.0.0.1:\(channel.channel.localAddress?.port ?? 0)"
    }

    /// Binds a free loopback port and starts serving.
    static func start() async throws -> RuntimeAPIServer {
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .bind(host: "127.0.0.1", port: 0) { child in
                child.eventLoop.makeCompletedFuture {
                    try child.pipeline.syncOperations.configureHTTPServerPipeline()
                    return try NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>(
                        wrappingChannelSynchronously: child)
                }
            }
        let server = RuntimeAPIServer(channel: channel)
        let task = Task<Void, Never> {
            _ = try? await withThrowingDiscardingTaskGroup { group in
                try await channel.executeThenClose { inbound in
                    for try await connection in inbound {
                        group.addTask { await server.serve(connection) }
                    }
                }
            }
        }
        server.acceptTask.withLock { $0 = task }
        return server
    }

    /// When the runtime first asked for an invocation.
    var firstNextAt: ContinuousClock.Instant? { state.withLock { $0.firstNextAt } }

    /// How many `next` calls are waiting for an event.
    var waitingForNext: Int { state.withLock { $0.nextWaiters.count } }

    /// Init errors the runtime reported.
    var initErrors: [String] { state.withLock { $0.initErrors } }

    /// Sends an event and waits for the runtime's answer (`response`, `error`, or `closed`).
    func invoke(_ event: [UInt8]) async -> Outcome {
        let id = "req-\(counter.add(1, ordering: .relaxed).newValue)"
        return await withCheckedContinuation { continuation in
            let waiter: CheckedContinuation<(id: String, body: [UInt8])?, Never>? = state.withLock { state in
                if state.closed {
                    continuation.resume(returning: Outcome(kind: "closed", body: []))
                    return nil
                }
                state.outcomes[id] = continuation
                if state.nextWaiters.isEmpty {
                    state.queue.append((id, event))
                    return nil
                }
                return state.nextWaiters.removeFirst()
            }
            waiter?.resume(returning: (id, event))
        }
    }

    /// Ends every pending wait (the runtime process exited) and stops accepting.
    func close() {
        let (waiters, outcomes) = state.withLock { state in
            state.closed = true
            defer {
                state.nextWaiters = []
                state.outcomes = [:]
            }
            return (state.nextWaiters, state.outcomes)
        }
        waiters.forEach { $0.resume(returning: nil) }
        outcomes.values.forEach { $0.resume(returning: Outcome(kind: "closed", body: [])) }
        acceptTask.withLock { $0?.cancel() }
        channel.channel.close(promise: nil)
    }

    private func nextEvent() async -> (id: String, body: [UInt8])? {
        await withCheckedContinuation { continuation in
            let ready: (id: String, body: [UInt8])?? = state.withLock { state in
                if state.firstNextAt == nil { state.firstNextAt = .now }
                if state.closed { return .some(nil) }
                if !state.queue.isEmpty { return .some(state.queue.removeFirst()) }
                state.nextWaiters.append(continuation)
                return nil
            }
            if let ready { continuation.resume(returning: ready) }
        }
    }

    private func finish(_ id: String, _ outcome: Outcome) {
        let continuation = state.withLock { $0.outcomes.removeValue(forKey: id) }
        continuation?.resume(returning: outcome)
    }

    private func serve(_ connection: NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>) async {
        try? await connection.executeThenClose { inbound, outbound in
            var head: HTTPRequestHead?
            var body: [UInt8] = []
            for try await part in inbound {
                switch part {
                case .head(let requestHead):
                    head = requestHead
                    body = []
                case .body(let buffer):
                    body += Array(buffer.readableBytesView)
                case .end:
                    guard let head else { continue }
                    let (status, headers, answer) = await route(head, body)
                    var responseHeaders = HTTPHeaders(headers)
                    responseHeaders.add(name: "content-length", value: String(answer.count))
                    try await outbound.write(
                        .head(HTTPResponseHead(version: .http1_1, status: status, headers: responseHeaders)))
                    try await outbound.write(.body(.byteBuffer(ByteBuffer(bytes: answer))))
                    try await outbound.write(.end(nil))
                }
            }
        }
    }

    private func route(
        _ head: HTTPRequestHead, _ body: [UInt8]
    ) async -> (HTTPResponseStatus, [(String, String)], [UInt8]) {
        let parts = head.uri.split(separator: "/").map(String.init)
        // ["2018-06-01", "runtime", "invocation", "next"] and friends.
        if head.method == .GET && parts == ["2018-06-01", "runtime", "invocation", "next"] {
            guard let event = await nextEvent() else { return (.gone, [], []) }
            let deadline = Int64(Date().timeIntervalSince1970 * 1000) + 30_000
            return (
                .ok,
                [
                    ("Lambda-Runtime-Aws-Request-Id", event.id), ("Lambda-Runtime-Deadline-Ms", String(deadline)),
                    ("Lambda-Runtime-Trace-Id", "Root=1-00000000-\(event.id);Sampled=0"),
                    ("Lambda-Runtime-Invoked-Function-Arn", "arn:aws:lambda:us-east-1:123456789012:function:e2e"),
                ],
                event.body
            )
        }
        if head.method == .POST && parts.count == 5 && parts[2] == "invocation"
            && (parts[4] == "response" || parts[4] == "error")
        {
            finish(parts[3], Outcome(kind: parts[4], body: body))
            return (.accepted, [], Array(#"{"status":"OK"}"#.utf8))
        }
        if head.method == .POST && parts == ["2018-06-01", "runtime", "init", "error"] {
            state.withLock { $0.initErrors.append(String(decoding: body, as: UTF8.self)) }
            return (.accepted, [], Array(#"{"status":"OK"}"#.utf8))
        }
        return (.notFound, [], [])
    }
}
