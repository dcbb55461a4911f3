import Foundation
import HoistDev
import HoistTestSupport
import Testing

/// Fixtures, a keep-alive HTTP client, and a running dev server for the tests.
enum TestSupport {
    static let fixtures = Bundle.module.url(forResource: "Fixtures", withExtension: nil)!

    static func fixture(_ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: fixtures.appendingPathComponent(name)))
    }

    /// python3 with awslambdaric importable, or nil.
    static var hasAWSLambdaRIC: Bool {
        (try? ProcessRunner.python("import awslambdaric").status) == 0
    }

    /// A dev server running a launch spec on a free port, stopped by `stop()`.
    static func server(
        _ launch: LaunchSpec, processes: Int = 1, timeout: TimeInterval = 10, log: LogLines = LogLines()
    ) throws -> DevServer {
        let server = try DevServer(
            DevServerConfiguration(port: 0, processes: processes, launch: launch, timeout: timeout),
            log: { log.append($0) })
        server.start()
        return server
    }

    /// The echo bootstrap (a Python Runtime API loop) as a launch spec.
    static var echoBootstrap: LaunchSpec {
        LaunchSpec(
            executable: "python3", arguments: [fixtures.appendingPathComponent("echo_bootstrap.py").path],
            environment: [
                "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "AWS_REGION": "eu-west-1",
                "USERS_TABLE": "demo-dev-users", "_HANDLER": "bootstrap",
            ])
    }
}

/// Log lines collected from a server.
final class LogLines: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []

    func append(_ line: String) {
        lock.lock()
        lines.append(line)
        lock.unlock()
    }

    var all: [String] {
        lock.lock()
        defer { lock.unlock() }
        return lines
    }
}

/// A keep-alive HTTP/1.1 client over one loopback connection.
final class TestClient {
    private let connection: TCPConnection
    private var parser = HTTPMessageParser(kind: .response)

    init(port: UInt16) throws {
        connection = try TCPConnection.connect(port: port)
    }

    deinit { connection.close() }

    /// Sends a request and reads its response.
    func send(_ method: String, _ target: String, body: String? = nil, headers: [(String, String)] = [])
        throws -> HTTPResponse
    {
        var head = "\(method) \(target) HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        let bytes = Array((body ?? "").utf8)
        head += "Content-Length: \(bytes.count)\r\n\r\n"
        guard connection.write(Array(head.utf8) + bytes) else { throw ClientError.closed }
        var buffer: [UInt8] = []
        while true {
            if let response = try parser.nextResponse() { return response }
            buffer.removeAll(keepingCapacity: true)
            guard connection.read(into: &buffer) > 0 else { throw ClientError.closed }
            parser.append(buffer)
        }
    }

    enum ClientError: Error { case closed }
}

extension HTTPResponse {
    var text: String { String(decoding: body, as: UTF8.self) }

    func json() throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(body)) as? [String: Any])
    }
}
