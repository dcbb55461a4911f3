import AWSClients
import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL
import Synchronization
import Testing

/// A loopback HTTP(S) server for the transport: `/echo` answers the body, `/close` answers with
/// `Connection: close`, `/drop` answers and then closes the kept-alive connection, `/hang` never answers.
final class TestHTTPServer: Sendable {
    let channel: any Channel
    let connections = Atomic<Int>(0)
    var port: Int { channel.localAddress?.port ?? 0 }

    private init(channel: any Channel) { self.channel = channel }

    static func start(tls: NIOSSLContext? = nil) async throws -> TestHTTPServer {
        let counter = Mutex<TestHTTPServer?>(nil)
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { child in
                counter.withLock { _ = $0?.connections.add(1, ordering: .relaxed) }
                return child.eventLoop.makeCompletedFuture {
                    if let tls { try child.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: tls)) }
                    try child.pipeline.syncOperations.configureHTTPServerPipeline()
                    try child.pipeline.syncOperations.addHandler(Responder())
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        let server = TestHTTPServer(channel: channel)
        counter.withLock { $0 = server }
        return server
    }

    func stop() async { try? await channel.close() }

    final class Responder: ChannelInboundHandler, @unchecked Sendable {
        typealias InboundIn = HTTPServerRequestPart
        typealias OutboundOut = HTTPServerResponsePart
        var uri = ""
        var body: [UInt8] = []

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            switch unwrapInboundIn(data) {
            case .head(let head):
                uri = head.uri
                body = []
            case .body(let buffer):
                body.append(contentsOf: buffer.readableBytesView)
            case .end:
                guard uri != "/hang" else { return }
                var headers = HTTPHeaders([("Content-Length", String(body.count)), ("X-Uri", uri)])
                if uri == "/close" { headers.add(name: "Connection", value: "close") }
                context.write(
                    wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: .ok, headers: headers))),
                    promise: nil)
                context.write(
                    wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(bytes: body)))),
                    promise: nil)
                let drop = uri == "/drop"
                let close = uri == "/close"
                context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in
                    if close || drop { context.close(promise: nil) }
                }
            }
        }
    }
}

@Suite("NIO transport")
struct NIOAWSTransportTests {
    @Test("kept-alive connections are reused; Connection: close is honoured")
    func reuse() async throws {
        let server = try await TestHTTPServer.start()
        defer { Task { await server.stop() } }
        let transport = NIOAWSTransport()
        let base = "http://127.0.0.1:\(server.port)"
        for index in 0..<3 {
            let answer = try await transport.send(
                method: "POST", url: "\(base)/echo?n=\(index)", headers: [("X-Test", "1")],
                body: Array("hi \(index)".utf8))
            #expect(answer.status == 200)
            #expect(String(decoding: answer.body, as: UTF8.self) == "hi \(index)")
            #expect(answer.headers.contains { $0.name == "X-Uri" && $0.value == "/echo?n=\(index)" })
        }
        #expect(server.connections.load(ordering: .relaxed) == 1)
        _ = try await transport.send(method: "GET", url: "\(base)/close", headers: [], body: [])
        _ = try await transport.send(method: "GET", url: "\(base)/echo", headers: [], body: [])
        #expect(server.connections.load(ordering: .relaxed) == 2)
        await transport.shutdown()
    }

    @Test("a kept-alive connection the server dropped while idle is replaced, and the request still answered")
    func staleConnection() async throws {
        let server = try await TestHTTPServer.start()
        defer { Task { await server.stop() } }
        let transport = NIOAWSTransport()
        let base = "http://127.0.0.1:\(server.port)"
        // /drop answers with keep-alive, then the server closes: the pool holds a connection that is dead.
        _ = try await transport.send(method: "GET", url: "\(base)/drop", headers: [], body: [])
        try await Task.sleep(for: .milliseconds(50))
        let answer = try await transport.send(method: "POST", url: "\(base)/echo", headers: [], body: Array("x".utf8))
        #expect(answer.body == Array("x".utf8))
        #expect(server.connections.load(ordering: .relaxed) == 2)
        await transport.shutdown()
    }

    @Test("no answer within the timeout is an error naming the host; a refused connection too")
    func failures() async throws {
        let server = try await TestHTTPServer.start()
        defer { Task { await server.stop() } }
        let transport = NIOAWSTransport(timeoutSeconds: 1)
        await #expect(throws: NIOAWSTransport.TransportError.self) {
            _ = try await transport.send(
                method: "GET", url: "http://127.0.0.1:\(server.port)/hang", headers: [], body: [])
        }
        do {
            _ = try await transport.send(method: "GET", url: "http://127.0.0.1:1/", headers: [], body: [])
            Issue.record("a refused connection answered")
        } catch let error as NIOAWSTransport.TransportError {
            #expect(error.description.contains("cannot connect to 127.0.0.1:1"))
        }
    }

    @Test("HTTPS: a server the trust roots vouch for answers; an unknown certificate is refused")
    func tls() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tls-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let key = folder.appendingPathComponent("key.pem").path
        let certificate = folder.appendingPathComponent("cert.pem").path
        let openssl = Process()
        openssl.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        openssl.arguments = [
            "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
            "-keyout", key, "-out", certificate, "-days", "1", "-subj", "/CN=localhost",
            "-addext", "subjectAltName=DNS:localhost",
        ]
        openssl.standardError = FileHandle.nullDevice
        try openssl.run()
        openssl.waitUntilExit()
        #expect(openssl.terminationStatus == 0)
        let certificates = try NIOSSLCertificate.fromPEMFile(certificate)
        let serverContext = try NIOSSLContext(
            configuration: .makeServerConfiguration(
                certificateChain: certificates.map { .certificate($0) }, privateKey: .file(key)))
        let server = try await TestHTTPServer.start(tls: serverContext)
        defer { Task { await server.stop() } }

        var trusting = TLSConfiguration.makeClientConfiguration()
        trusting.trustRoots = .certificates(certificates)
        let transport = NIOAWSTransport(tls: trusting)
        let answer = try await transport.send(
            method: "POST", url: "https://localhost:\(server.port)/echo", headers: [], body: Array("secure".utf8))
        #expect(answer.body == Array("secure".utf8))
        await transport.shutdown()

        do {
            _ = try await NIOAWSTransport(timeoutSeconds: 2).send(
                method: "GET", url: "https://localhost:\(server.port)/echo", headers: [], body: [])
            Issue.record("an untrusted certificate was accepted")
        } catch let error as NIOAWSTransport.TransportError {
            #expect(error.description.lowercased().contains("certificate"), "\(error)")
        }
    }
}
