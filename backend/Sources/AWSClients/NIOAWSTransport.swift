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

    private let group: any EventLoopGroup
    private let tlsContext: NIOSSLContext?
    private let tlsError: String?
    private let timeout: TimeAmount
    private let maxResponseBytes: Int
    private let maxIdlePerHost: Int
    private let idle = NIOLockedValueBox<[String: [any Channel]]>([:])

    /// Creates a transport; `tls` defaults to the system's trust roots.
    public init(
        group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        tls: TLSConfiguration = .makeClientConfiguration(), timeoutSeconds: Int64 = 10,
        maxResponseBytes: Int = 32 << 20, maxIdlePerHost: Int = 8
    ) {
        self.group = group
        do {
            tlsContext = try NIOSSLContext(configuration: tls)
            tlsError = nil
        } catch {
            tlsContext = nil
            tlsError = "\(error)"
        }
        self.timeout = .seconds(timeoutSeconds)
        self.maxResponseBytes = maxResponseBytes
        self.maxIdlePerHost = maxIdlePerHost
    }

    /// Sends a request and returns status, headers and body.
    public func send(
        method: String, url: String, headers: [(name: String, value: String)], body: [UInt8]
    ) async throws -> (status: Int, headers: [(name: String, value: String)], body: [UInt8]) {
        let target = try Target(url)
        if let channel = checkout(target.key) {
            do {
                return try await exchange(on: channel, target: target, method: method, headers: headers, body: body)
            } catch is StaleConnection {
                // The server closed the idle connection first: once more on a fresh one.
            }
        }
        let channel = try await connect(target)
        do {
            return try await exchange(on: channel, target: target, method: method, headers: headers, body: body)
        } catch let error as StaleConnection {
            throw TransportError(
                description: "\(target.host):\(target.port) closed the connection without answering (\(error.reason))")
        }
    }

    /// Closes the idle connections.
    public func shutdown() async {
        let channels = idle.withLockedValue { pool in
            defer { pool = [:] }
            return pool.values.flatMap { $0 }
        }
        for channel in channels { try? await channel.close() }
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

    private func checkout(_ key: String) -> (any Channel)? {
        idle.withLockedValue { pool in
            while var channels = pool[key], let channel = channels.popLast() {
                pool[key] = channels
                if channel.isActive { return channel }
            }
            return nil
        }
    }

    private func checkin(_ channel: any Channel, key: String) {
        let keep = idle.withLockedValue { pool -> Bool in
            guard channel.isActive, pool[key, default: []].count < maxIdlePerHost else { return false }
            pool[key, default: []].append(channel)
            return true
        }
        if !keep { channel.close(promise: nil) }
    }

    private func connect(_ target: Target) async throws -> any Channel {
        if target.tls, tlsContext == nil {
            throw TransportError(description: "TLS is not available: \(tlsError ?? "unknown error")")
        }
        let tlsContext = target.tls ? self.tlsContext : nil
        let limit = maxResponseBytes
        let bootstrap = ClientBootstrap(group: group)
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
                    try channel.pipeline.syncOperations.addHandler(ResponseCollector(maxBytes: limit))
                }
            }
        do {
            return try await bootstrap.connect(host: target.host, port: target.port).get()
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
        on channel: any Channel, target: Target, method: String, headers: [(name: String, value: String)],
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

        let promise = channel.eventLoop.makePromise(of: ResponseCollector.Response.self)
        let timeout = self.timeout
        let deadline = channel.eventLoop.scheduleTask(in: timeout) {
            promise.fail(
                TransportError(description: "\(target.host): no answer within \(timeout.nanoseconds / 1_000_000_000) s")
            )
            channel.close(promise: nil)
        }
        channel.pipeline.handler(type: ResponseCollector.self).whenComplete { found in
            switch found {
            case .success(let collector):
                collector.expect(promise)
                channel.write(HTTPClientRequestPart.head(head), promise: nil)
                if !body.isEmpty {
                    channel.write(
                        HTTPClientRequestPart.body(.byteBuffer(channel.allocator.buffer(bytes: body))), promise: nil)
                }
                channel.writeAndFlush(HTTPClientRequestPart.end(nil), promise: nil)
            case .failure(let error):
                promise.fail(error)
            }
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
            checkin(channel, key: target.key)
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

        init(maxBytes: Int) { self.maxBytes = maxBytes }

        func expect(_ promise: EventLoopPromise<Response>) {
            self.promise = promise
            head = nil
            body = []
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
            guard let promise else { return }
            self.promise = nil
            promise.fail(error)
        }
    }
}
