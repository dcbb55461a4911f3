import Foundation

#if canImport(Glibc)
    import Glibc
    let streamType = Int32(SOCK_STREAM.rawValue)
    let noSignalFlag = Int32(MSG_NOSIGNAL)
    let systemClose = Glibc.close
    let systemAccept = Glibc.accept
    let systemConnect = Glibc.connect
#elseif canImport(Darwin)
    import Darwin
    let streamType = SOCK_STREAM
    let noSignalFlag: Int32 = 0
    let systemClose = Darwin.close
    let systemAccept = Darwin.accept
    let systemConnect = Darwin.connect
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
