import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

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
