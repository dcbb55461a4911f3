import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL

/// `AWSHTTPTransport` over SwiftNIO: HTTP/1.1, TLS through NIOSSL, kept-alive connections reused per host.
///
/// The backend talks to two AWS endpoints with small JSON bodies, so this is all the HTTP client it needs; a
/// general client (async-http-client, with HTTP/2, proxies, compression, redirects) cost 1.2 MB of the zip.
/// One exchange at a time per connection; idle connections wait in a pool per scheme, host and port. A request
/// on a reused connection that closes before any answer (the server dropped it while idle) is sent once more
/// on a fresh one: the AWS calls made here are safe to resend (reads, and conditional or idempotent writes).
public final class NIOAWSTransport: AWSHTTPTransport, Sendable {
    /// What went wrong below HTTP.
    public struct TransportError: Error, CustomStringConvertible, Sendable {
        /// What happened, with the host.
        public var description: String
    }

    /// One transport for the process, so both AWS clients share its connections.
    public static let shared = NIOAWSTransport()

    private let group: (any EventLoopGroup)?
    private let tlsConfiguration: TLSConfiguration
    private let tlsContext = NIOLockedValueBox<Result<NIOSSLContext, TransportError>?>(nil)
    private let timeout: TimeAmount
    private let maxResponseBytes: Int
    private let maxIdlePerHost: Int
    private let idle = NIOLockedValueBox<[String: [Connection]]>([:])

    /// A connection and the handler that collects its answers.
    struct Connection: Sendable {
        var channel: any Channel
        var collector: ResponseCollector
    }

    /// The event loop of transports created without a group: one thread (a Lambda environment serves one
    /// invocation at a time), started by the first connection, not when the process starts.
    static let lazyGroup = MultiThreadedEventLoopGroup(numberOfThreads: 1)

    /// Creates a transport; `tls` defaults to the system's trust roots.
    ///
    /// Nothing is started here: the event loop thread (`lazyGroup` unless a group is given) starts with the
    /// first connection, and the TLS context (which reads and parses the system's CA bundle) is made by the
    /// first HTTPS connection. Why: both used to be made when the AWS clients were built at init, about 16 ms
    /// of every cold start (bench/backend), while a request that calls no AWS service needs neither.
    public init(
        group: (any EventLoopGroup)? = nil, tls: TLSConfiguration = .makeClientConfiguration(),
        timeoutSeconds: Int64 = 10, maxResponseBytes: Int = 32 << 20, maxIdlePerHost: Int = 8
    ) {
        self.group = group
        self.tlsConfiguration = tls
        self.timeout = .seconds(timeoutSeconds)
        self.maxResponseBytes = maxResponseBytes
        self.maxIdlePerHost = maxIdlePerHost
    }

    /// Sends a request and returns status, headers and body.
    public func send(
        method: String, url: String, headers: [(name: String, value: String)], body: [UInt8]
    ) async throws -> (status: Int, headers: [(name: String, value: String)], body: [UInt8]) {
        let target = try Target(url)
        if let connection = checkout(target.key) {
            do {
                return try await exchange(
                    on: connection, target: target, method: method, headers: headers, body: body)
            } catch is StaleConnection {
                // The server closed the idle connection first: once more on a fresh one.
            }
        }
        let connection = try await connect(target)
        do {
            return try await exchange(on: connection, target: target, method: method, headers: headers, body: body)
        } catch let error as StaleConnection {
            throw TransportError(
                description: "\(target.host):\(target.port) closed the connection without answering (\(error.reason))")
        }
    }

    /// Closes the idle connections.
    public func shutdown() async {
        let connections = idle.withLockedValue { pool in
            defer { pool = [:] }
            return pool.values.flatMap { $0 }
        }
        for connection in connections { try? await connection.channel.close() }
    }

    // MARK: - Connections

    struct Target {
        var tls: Bool
        var host: String
        var port: Int
        var pathAndQuery: String
        var key: String { "\(tls ? "https" : "http")://\(host):\(port)" }

        init(_ url: String) throws {
            let scheme: Substring
            let rest: Substring
            if url.hasPrefix("https://") {
                scheme = "https"
                rest = url.dropFirst(8)
            } else if url.hasPrefix("http://") {
                scheme = "http"
                rest = url.dropFirst(7)
            } else {
                throw TransportError(description: "unsupported URL \(url)")
            }
            let authority = rest.prefix { $0 != "/" && $0 != "?" }
            let path = rest.dropFirst(authority.count)
            tls = scheme == "https"
            if let colon = authority.lastIndex(of: ":"), let port = Int(authority[authority.index(after: colon)...]) {
                host = String(authority[..<colon])
                self.port = port
            } else {
                host = String(authority)
                port = tls ? 443 : 80
            }
            guard !host.isEmpty else { throw TransportError(description: "no host in \(url)") }
            pathAndQuery = path.isEmpty ? "/" : (path.hasPrefix("?") ? "/" + path : String(path))
        }

        var hostHeader: String { (port == (tls ? 443 : 80)) ? host : "\(host):\(port)" }
    }

    private func checkout(_ key: String) -> Connection? {
        idle.withLockedValue { pool in
            while var connections = pool[key], let connection = connections.popLast() {
                pool[key] = connections
                if connection.channel.isActive { return connection }
            }
            return nil
        }
    }

    private func checkin(_ connection: Connection, key: String) {
        let keep = idle.withLockedValue { pool -> Bool in
            guard connection.channel.isActive, pool[key, default: []].count < maxIdlePerHost else { return false }
            pool[key, default: []].append(connection)
            return true
        }
        if !keep { connection.channel.close(promise: nil) }
    }

    /// The TLS context, made on first use and kept (a failure too, so it is reported on every HTTPS call).
    private func sharedTLSContext() throws -> NIOSSLContext {
        try tlsContext.withLockedValue { cached in
            if let cached { return cached }
            let made = Result { try NIOSSLContext(configuration: tlsConfiguration) }
                .mapError { TransportError(description: "TLS is not available: \($0)") }
            cached = made
            return made
        }
        .get()
    }

    private func connect(_ target: Target) async throws -> Connection {
        let tlsContext = target.tls ? try sharedTLSContext() : nil
        let collector = ResponseCollector(maxBytes: maxResponseBytes)
        let bootstrap = ClientBootstrap(group: group ?? Self.lazyGroup)
            .connectTimeout(timeout)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    if let tlsContext {
                        let handler = try NIOSSLClientHandler(
                            context: tlsContext, serverHostname: target.host.first?.isNumber == true ? nil : target.host
                        )
                        try channel.pipeline.syncOperations.addHandler(handler)
                    }
                    try channel.pipeline.syncOperations.addHTTPClientHandlers()
                    try channel.pipeline.syncOperations.addHandler(collector)
                }
            }
        do {
            let channel = try await bootstrap.connect(host: target.host, port: target.port).get()
            return Connection(channel: channel, collector: collector)
        } catch {
            throw TransportError(description: "cannot connect to \(target.host):\(target.port): \(error)")
        }
    }

    // MARK: - One exchange

    /// The connection ended before any answer: on a reused connection, the server had closed it while idle.
    struct StaleConnection: Error {
        var reason: String
    }

    private func exchange(
        on connection: Connection, target: Target, method: String, headers: [(name: String, value: String)],
        body: [UInt8]
    ) async throws -> (status: Int, headers: [(name: String, value: String)], body: [UInt8]) {
        var head = HTTPRequestHead(version: .http1_1, method: HTTPMethod(rawValue: method), uri: target.pathAndQuery)
        var hasHost = false
        for header in headers {
            if header.name.lowercased() == "host" { hasHost = true }
            if header.name.lowercased() == "content-length" { continue }
            head.headers.add(name: header.name, value: header.value)
        }
        if !hasHost { head.headers.add(name: "Host", value: target.hostHeader) }
        head.headers.add(name: "Content-Length", value: String(body.count))

        let channel = connection.channel
        let collector = connection.collector
        let promise = channel.eventLoop.makePromise(of: ResponseCollector.Response.self)
        let timeout = self.timeout
        let deadline = channel.eventLoop.scheduleTask(in: timeout) {
            promise.fail(
                TransportError(description: "\(target.host): no answer within \(timeout.nanoseconds / 1_000_000_000) s")
            )
            channel.close(promise: nil)
        }
        channel.eventLoop.execute {
            // A connection that failed or closed before this exchange (a TLS handshake refused, a server that
            // dropped it) fails the exchange at once with what happened.
            guard collector.expect(promise, active: channel.isActive) else { return }
            channel.write(HTTPClientRequestPart.head(head), promise: nil)
            if !body.isEmpty {
                channel.write(
                    HTTPClientRequestPart.body(.byteBuffer(channel.allocator.buffer(bytes: body))), promise: nil)
            }
            channel.writeAndFlush(HTTPClientRequestPart.end(nil), promise: nil)
        }
        let response: ResponseCollector.Response
        do {
            response = try await promise.futureResult.get()
            deadline.cancel()
        } catch {
            deadline.cancel()
            channel.close(promise: nil)
            throw error
        }
        if response.keepAlive {
            checkin(connection, key: target.key)
        } else {
            channel.close(promise: nil)
        }
        return (Int(response.head.status.code), response.head.headers.map { ($0.name, $0.value) }, response.body)
    }

    /// Collects one response at a time into the promise of the exchange in flight.
    final class ResponseCollector: ChannelInboundHandler, @unchecked Sendable {
        typealias InboundIn = HTTPClientResponsePart

        struct Response {
            var head: HTTPResponseHead
            var body: [UInt8]
            var keepAlive: Bool
        }

        private let maxBytes: Int
        private var promise: EventLoopPromise<Response>?
        private var head: HTTPResponseHead?
        private var body: [UInt8] = []
        /// What ended the connection while no exchange was in flight.
        private var failure: (any Error)?

        init(maxBytes: Int) { self.maxBytes = maxBytes }

        /// Takes the next exchange's promise (on the event loop); false, with the promise failed, when the
        /// connection already failed or closed.
        func expect(_ promise: EventLoopPromise<Response>, active: Bool) -> Bool {
            if let failure {
                promise.fail(failure)
                return false
            }
            guard active else {
                promise.fail(StaleConnection(reason: "closed"))
                return false
            }
            self.promise = promise
            head = nil
            body = []
            return true
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            switch unwrapInboundIn(data) {
            case .head(let value):
                head = value
            case .body(let buffer):
                guard body.count + buffer.readableBytes <= maxBytes else {
                    fail(TransportError(description: "response larger than \(maxBytes) bytes"), context: context)
                    return
                }
                body.append(contentsOf: buffer.readableBytesView)
            case .end:
                guard let head, let promise else { return }
                self.promise = nil
                promise.succeed(Response(head: head, body: body, keepAlive: head.isKeepAlive))
            }
        }

        func channelInactive(context: ChannelHandlerContext) {
            // Closed before anything arrived: the idle connection went stale; after the head it is a real failure.
            fail(
                head == nil
                    ? StaleConnection(reason: "closed")
                    : TransportError(description: "connection closed mid-response"), context: context)
            context.fireChannelInactive()
        }

        func errorCaught(context: ChannelHandlerContext, error: any Error) {
            // A reset or broken pipe before the answer means a stale connection; anything else (TLS) is reported.
            if head == nil, error is IOError {
                fail(StaleConnection(reason: "\(error)"), context: context)
            } else {
                fail(TransportError(description: "\(error)"), context: context)
            }
            context.close(promise: nil)
        }

        private func fail(_ error: any Error, context: ChannelHandlerContext) {
            guard let promise else {
                if failure == nil { failure = error }
                return
            }
            self.promise = nil
            promise.fail(error)
        }
    }
}
