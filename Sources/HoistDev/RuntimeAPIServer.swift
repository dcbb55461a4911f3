import Foundation

/// The Lambda Runtime API one function process talks to (`AWS_LAMBDA_RUNTIME_API`), on 127.0.0.1.
///
/// `next` blocks until the broker has an invocation for this slot, then answers with the event and the
/// `Lambda-Runtime-Aws-Request-Id`, `-Deadline-Ms`, `-Invoked-Function-Arn` and `-Trace-Id` headers;
/// `response` and `error` answer that invocation (202); `init/error` is logged and passed to `onInitError` (202).
public final class RuntimeAPIServer: @unchecked Sendable {
    /// The slot (process) this server feeds.
    public let slot: Int
    /// The ARN reported in `Lambda-Runtime-Invoked-Function-Arn`.
    public let functionArn: String
    private let broker: InvocationBroker
    private let log: @Sendable (String) -> Void
    private let onInitError: (@Sendable (_ type: String, _ message: String) -> Void)?
    private let listener: TCPListener
    private let streams = OpenStreams()

    /// Listens on a free loopback port; `onInitError` hears each `init/error` (`hoist invoke --local` ends the
    /// invocation with it; `hoist dev` only logs it and lets the supervisor restart the process).
    public init(
        slot: Int, broker: InvocationBroker, functionArn: String, log: @escaping @Sendable (String) -> Void,
        onInitError: (@Sendable (_ type: String, _ message: String) -> Void)? = nil
    ) throws(DevServerError) {
        self.slot = slot
        self.broker = broker
        self.functionArn = functionArn
        self.log = log
        self.onInitError = onInitError
        self.listener = try TCPListener(port: 0)
    }

    /// `127.0.0.1:PORT`, the value of `AWS_LAMBDA_RUNTIME_API`.
    public var address: String { "127.0.0.1:\(listener.port)" }

    /// Accepts connections on a thread, each served on its own thread.
    public func start() {
        DevThreads.start("hoist-runtime-api-\(slot)") { [self] in
            while let connection = listener.accept() {
                guard streams.add(connection) else { continue }
                DevThreads.start("hoist-runtime-connection") { [self] in
                    HTTPConnectionLoop.serve(connection, maxBodyBytes: 6 << 20) { handle($0) }
                    streams.remove(connection)
                }
            }
        }
    }

    /// Stops listening and closes open connections.
    public func stop() {
        listener.close()
        streams.closeAll()
    }

    /// The answer to one Runtime API request; nil drops the connection (the process it belonged to is gone).
    public func handle(_ request: HTTPRequest) -> HTTPResponse? {
        switch RuntimeAPIRoute(method: request.method, target: request.target) {
        case .next:
            let generation = broker.generation(ofSlot: slot)
            guard let invocation = broker.nextInvocation(slot: slot, generation: generation) else { return nil }
            return HTTPResponse(
                status: 200,
                headers: HTTPHeaders([
                    ("Content-Type", "application/json"),
                    ("Lambda-Runtime-Aws-Request-Id", invocation.requestId),
                    ("Lambda-Runtime-Deadline-Ms", String(invocation.deadlineMilliseconds)),
                    ("Lambda-Runtime-Invoked-Function-Arn", functionArn),
                    ("Lambda-Runtime-Trace-Id", Self.traceId(for: invocation)),
                ]), body: invocation.payload)
        case .response(let requestId):
            return accepted(broker.finish(slot: slot, requestId: requestId, outcome: .response(request.body)))
        case .error(let requestId):
            let (type, message) = Self.errorReport(request)
            log("function error in \(requestId): \(type): \(message)")
            let outcome = InvocationOutcome.functionError(type: type, message: message)
            return accepted(broker.finish(slot: slot, requestId: requestId, outcome: outcome))
        case .initError:
            let (type, message) = Self.errorReport(request)
            log("init error: \(type): \(message)")
            onInitError?(type, message)
            return .json(202, #"{"status":"OK"}"#)
        case .unknown:
            return .json(404, #"{"errorMessage":"not found","errorType":"NotFound"}"#)
        }
    }

    private func accepted(_ known: Bool) -> HTTPResponse {
        known
            ? .json(202, #"{"status":"OK"}"#)
            : .json(400, #"{"errorMessage":"Invalid request ID","errorType":"InvalidRequestID"}"#)
    }

    /// The error type and message of an `/error` body (`errorType`, `errorMessage`) or its header.
    static func errorReport(_ request: HTTPRequest) -> (type: String, message: String) {
        let value = try? JSONDecoder().decode(JSONValue.self, from: Data(request.body))
        let type =
            value?["errorType"]?.scalarText ?? request.headers["Lambda-Runtime-Function-Error-Type"] ?? "Unknown"
        let message = value?["errorMessage"]?.scalarText ?? String(decoding: request.body.prefix(500), as: UTF8.self)
        return (type, String(message.prefix(500)))
    }

    /// An X-Ray-shaped trace id derived from the request id.
    static func traceId(for invocation: Invocation) -> String {
        let hex = invocation.requestId.replacingOccurrences(of: "-", with: "").lowercased()
        let seconds = String(invocation.deadlineMilliseconds / 1000, radix: 16)
        let padded = String(repeating: "0", count: max(0, 32 - hex.count)) + hex
        return "Root=1-\(seconds)-\(padded.prefix(24));Parent=\(padded.suffix(16));Sampled=0"
    }
}
