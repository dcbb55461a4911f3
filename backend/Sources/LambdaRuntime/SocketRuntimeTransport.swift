import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// The Runtime API transport over one blocking loopback socket (HTTP/1.1, keep-alive).
///
/// The Runtime API is plain HTTP on a local address, so this needs no event loop: starting without NIO's
/// threads keeps init short and small. Each exchange runs on its own short-lived thread, so no task of
/// the concurrency pool ever blocks.
public final class SocketRuntimeTransport: RuntimeTransport, Sendable {
    /// The host of `AWS_LAMBDA_RUNTIME_API`.
    public let host: String
    /// The port of `AWS_LAMBDA_RUNTIME_API`.
    public let port: String
    private let connection = Mutex<Int32>(-1)

    /// Creates a transport for `host:port`.
    public init(endpoint: String) {
        if let colon = endpoint.lastIndex(of: ":") {
            host = String(endpoint[..<colon])
            port = String(endpoint[endpoint.index(after: colon)...])
        } else {
            host = endpoint
            port = "80"
        }
    }

    deinit {
        connection.withLock { fd in
            if fd >= 0 { close(fd) }
        }
    }

    /// Sends one request on the kept-alive connection (reconnecting once if it went stale).
    public func send(
        method: String, path: String, headers: [(name: String, value: String)], body: [UInt8]?, longPoll: Bool
    ) async throws -> RuntimeHTTPResponse {
        let request = Self.encode(method: method, path: path, host: "\(host):\(port)", headers: headers, body: body)
        return try await Self.onThread {
            try self.connection.withLock { fd in
                do {
                    return try self.exchange(request, fd: &fd)
                } catch {
                    // A kept-alive connection may have been closed by the server: retry once on a new one.
                    if fd >= 0 { close(fd) }
                    fd = -1
                    return try self.exchange(request, fd: &fd)
                }
            }
        }
    }

    private func exchange(_ request: [UInt8], fd: inout Int32) throws -> RuntimeHTTPResponse {
        if fd < 0 { fd = try connectSocket() }
        try Self.writeAll(fd, request)
        var reader = Reader(fd: fd)
        let response = try reader.readResponse()
        if response.header("Connection")?.lowercased() == "close" {
            close(fd)
            fd = -1
        }
        return response
    }

    private func connectSocket() throws -> Int32 {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, port, &hints, &list)
        guard status == 0, let first = list else {
            throw RuntimeError(.transport, "cannot resolve \(host):\(port) (\(status))")
        }
        defer { freeaddrinfo(list) }
        var cursor: UnsafeMutablePointer<addrinfo>? = first
        while let info = cursor {
            let fd = socket(info.pointee.ai_family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
            if fd >= 0 {
                if connect(fd, info.pointee.ai_addr, info.pointee.ai_addrlen) == 0 {
                    var one: Int32 = 1
                    _ = setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
                    return fd
                }
                close(fd)
            }
            cursor = info.pointee.ai_next
        }
        throw RuntimeError(.transport, "cannot connect to \(host):\(port) (errno \(errno))")
    }

    static func encode(
        method: String, path: String, host: String, headers: [(name: String, value: String)], body: [UInt8]?
    ) -> [UInt8] {
        var head = "\(method) \(path) HTTP/1.1\r\nHost: \(host)\r\nUser-Agent: hoist-backend\r\n"
        for header in headers { head += "\(header.name): \(header.value)\r\n" }
        head += "Content-Length: \(body?.count ?? 0)\r\n\r\n"
        return Array(head.utf8) + (body ?? [])
    }

    static func writeAll(_ fd: Int32, _ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { buffer in
                Glibc.send(fd, buffer.baseAddress! + offset, buffer.count - offset, Int32(MSG_NOSIGNAL))
            }
            if written < 0 {
                if errno == EINTR { continue }
                throw RuntimeError(.transport, "send failed (errno \(errno))")
            }
            offset += written
        }
    }

    /// Runs blocking work on a new thread and resumes with its result.
    static func onThread<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            let job = ThreadJob {
                continuation.resume(with: Result { try work() })
            }
            let context = Unmanaged.passRetained(job).toOpaque()
            var thread = pthread_t()
            let status = pthread_create(
                &thread, nil,
                { context in
                    Unmanaged<ThreadJob>.fromOpaque(context!).takeRetainedValue().run()
                    return nil
                }, context)
            if status == 0 {
                pthread_detach(thread)
            } else {
                Unmanaged<ThreadJob>.fromOpaque(context).takeRetainedValue().run()
            }
        }
    }
}

/// A closure handed to a thread.
final class ThreadJob: Sendable {
    let run: @Sendable () -> Void

    init(_ run: @escaping @Sendable () -> Void) {
        self.run = run
    }
}

/// Reads one HTTP/1.1 response (Content-Length or chunked) from a socket.
struct Reader {
    let fd: Int32
    var buffer: [UInt8] = []

    init(fd: Int32) {
        self.fd = fd
    }

    mutating func fill() throws {
        let start = buffer.count
        buffer.append(contentsOf: repeatElement(0, count: 16 * 1024))
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress! + start, $0.count - start, 0) }
            if count > 0 {
                buffer.removeLast(16 * 1024 - count)
                return
            }
            if count < 0 && errno == EINTR { continue }
            buffer.removeLast(16 * 1024)
            throw RuntimeError(.transport, count == 0 ? "connection closed" : "recv failed (errno \(errno))")
        }
    }

    mutating func readLine() throws -> String {
        while true {
            if let index = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                var line = buffer[..<index]
                if line.last == UInt8(ascii: "\r") { line = line.dropLast() }
                buffer.removeSubrange(...index)
                return String(decoding: line, as: UTF8.self)
            }
            try fill()
        }
    }

    mutating func readBytes(_ count: Int) throws -> [UInt8] {
        while buffer.count < count { try fill() }
        let bytes = Array(buffer[..<count])
        buffer.removeSubrange(..<count)
        return bytes
    }

    mutating func readResponse() throws -> RuntimeHTTPResponse {
        let statusLine = try readLine()
        let parts = statusLine.split(separator: " ", maxSplits: 2)
        guard parts.count >= 2, parts[0].hasPrefix("HTTP/1."), let status = Int(parts[1]) else {
            throw RuntimeError(.transport, "malformed status line")
        }
        var headers: [(name: String, value: String)] = []
        while true {
            let line = try readLine()
            if line.isEmpty { break }
            guard let colon = line.firstIndex(of: ":") else { continue }
            let value = line[line.index(after: colon)...].drop { $0 == " " || $0 == "\t" }
            headers.append((String(line[..<colon]), String(value)))
        }
        var response = RuntimeHTTPResponse(status: status, headers: headers)
        if response.header("Transfer-Encoding")?.lowercased().hasSuffix("chunked") == true {
            while true {
                let sizeLine = try readLine()
                guard let size = Int(sizeLine.split(separator: ";").first ?? "", radix: 16) else {
                    throw RuntimeError(.transport, "malformed chunk size")
                }
                if size == 0 {
                    while try !readLine().isEmpty {}
                    break
                }
                response.body += try readBytes(size)
                _ = try readLine()
            }
        } else if let length = response.header("Content-Length").flatMap({ Int($0) }) {
            response.body = try readBytes(length)
        }
        return response
    }
}
