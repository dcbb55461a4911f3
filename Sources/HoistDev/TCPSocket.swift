import Foundation

#if canImport(Glibc)
    import Glibc
    private let streamType = Int32(SOCK_STREAM.rawValue)
    private let noSignalFlag = Int32(MSG_NOSIGNAL)
    private let systemClose = Glibc.close
    private let systemAccept = Glibc.accept
    private let systemConnect = Glibc.connect
#elseif canImport(Darwin)
    import Darwin
    private let streamType = SOCK_STREAM
    private let noSignalFlag: Int32 = 0
    private let systemClose = Darwin.close
    private let systemAccept = Darwin.accept
    private let systemConnect = Darwin.connect
#endif

/// A listening TCP socket on a loopback address.
public final class TCPListener: @unchecked Sendable {
    /// The port it listens on (the one the system chose when 0 was asked for).
    public let port: UInt16
    private let descriptor: Int32

    /// Binds and listens on `127.0.0.1:port` (0: any free port).
    public init(port: UInt16, backlog: Int32 = 1024) throws(DevServerError) {
        let descriptor = socket(AF_INET, streamType, 0)
        guard descriptor >= 0 else {
            throw DevServerError(
                .socket, "cannot create a socket", underlying: SystemCallFailure(call: "socket", errno: errno))
        }
        _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)
        var one: Int32 = 1
        _ = setsockopt(descriptor, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0, listen(descriptor, backlog) == 0 else {
            let failure = SystemCallFailure(call: "bind/listen", errno: errno)
            _ = systemClose(descriptor)
            throw DevServerError(.socket, "cannot listen on 127.0.0.1:\(port)", underlying: failure)
        }
        var actual = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &actual) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        self.descriptor = descriptor
        self.port = UInt16(bigEndian: actual.sin_port)
    }

    /// Waits for the next connection; nil once the listener is closed.
    public func accept() -> TCPConnection? {
        while true {
            var address = sockaddr_in()
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            let connection = withUnsafeMutablePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { systemAccept(descriptor, $0, &length) }
            }
            if connection >= 0 {
                _ = fcntl(connection, F_SETFD, FD_CLOEXEC)
                var one: Int32 = 1
                _ = setsockopt(connection, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
                return TCPConnection(descriptor: connection, peerAddress: String(cString: inet_ntoa(address.sin_addr)))
            }
            if errno == EINTR || errno == ECONNABORTED || errno == EMFILE || errno == ENFILE {
                if errno == EMFILE || errno == ENFILE { usleep(10_000) }
                continue
            }
            return nil
        }
    }

    /// Stops listening; a thread blocked in ``accept()`` returns nil.
    public func close() {
        _ = shutdown(descriptor, Int32(SHUT_RDWR))
        _ = systemClose(descriptor)
    }
}

/// A connected TCP socket.
public final class TCPConnection: ByteStream, @unchecked Sendable {
    private let descriptor: Int32
    private let lock = NSLock()
    private var closed = false
    /// The peer's address.
    public let peerAddress: String

    init(descriptor: Int32, peerAddress: String) {
        self.descriptor = descriptor
        self.peerAddress = peerAddress
    }

    /// Connects to `127.0.0.1:port`.
    public static func connect(port: UInt16) throws(DevServerError) -> TCPConnection {
        let descriptor = socket(AF_INET, streamType, 0)
        guard descriptor >= 0 else {
            throw DevServerError(
                .socket, "cannot create a socket", underlying: SystemCallFailure(call: "socket", errno: errno))
        }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let status = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                systemConnect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard status == 0 else {
            let failure = SystemCallFailure(call: "connect", errno: errno)
            _ = systemClose(descriptor)
            throw DevServerError(.socket, "cannot connect to 127.0.0.1:\(port)", underlying: failure)
        }
        var one: Int32 = 1
        _ = setsockopt(descriptor, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        return TCPConnection(descriptor: descriptor, peerAddress: "127.0.0.1")
    }

    deinit { close() }

    /// Reads up to 64 KiB.
    public func read(into buffer: inout [UInt8]) -> Int {
        var chunk = [UInt8](repeating: 0, count: 64 << 10)
        while true {
            let count = chunk.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { return 0 }
            buffer.append(contentsOf: chunk[0..<count])
            return count
        }
    }

    /// Writes everything (no SIGPIPE).
    public func write(_ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes {
                send(descriptor, $0.baseAddress! + offset, $0.count - offset, noSignalFlag)
            }
            if written < 0 {
                if errno == EINTR { continue }
                return false
            }
            offset += written
        }
        return true
    }

    /// Closes the socket once.
    public func close() {
        lock.lock()
        defer { lock.unlock() }
        guard !closed else { return }
        closed = true
        _ = shutdown(descriptor, Int32(SHUT_RDWR))
        _ = systemClose(descriptor)
    }
}
