import Foundation

/// The HTTP/1.1 server on 127.0.0.1:PORT that turns requests into invocations (keep-alive, a thread per connection).
public final class HTTPFront: @unchecked Sendable {
    private let listener: TCPListener
    private let handler: HTTPFrontHandler
    private let recorder: LatencyRecorder
    private let log: @Sendable (String) -> Void
    private let streams = OpenStreams()

    /// Listens on `127.0.0.1:port` (0: a free port).
    public init(
        port: UInt16, handler: HTTPFrontHandler, recorder: LatencyRecorder, log: @escaping @Sendable (String) -> Void
    ) throws(DevServerError) {
        self.listener = try TCPListener(port: port)
        self.handler = handler
        self.recorder = recorder
        self.log = log
    }

    /// The port it listens on.
    public var port: UInt16 { listener.port }

    /// Accepts connections on a thread.
    public func start() {
        DevThreads.start("hoist-http-front") { [self] in
            while let connection = listener.accept() {
                guard streams.add(connection) else { continue }
                DevThreads.start("hoist-http-connection") { [self] in
                    serve(connection)
                    streams.remove(connection)
                }
            }
        }
    }

    /// Serves one connection's requests, logging a line per request.
    public func serve(_ stream: any ByteStream) {
        HTTPConnectionLoop.serve(stream) { request in
            let started = ContinuousClock.now
            let requestId = UUID().uuidString.lowercased()
            let response = handler.respond(to: request, sourceIp: stream.peerAddress, requestId: requestId)
            let elapsed = started.duration(to: .now)
            let milliseconds =
                Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
            recorder.record(milliseconds: milliseconds, status: response.status)
            log(
                "\(request.method) \(request.path) \(response.status) \(LatencyRecorder.format(milliseconds)) ms \(requestId)"
            )
            return response
        }
    }

    /// Stops listening and closes open connections.
    public func stop() {
        listener.close()
        streams.closeAll()
    }
}
