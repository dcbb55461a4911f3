import Foundation

/// Streams a server holds open, closed together when it stops.
final class OpenStreams: @unchecked Sendable {
    private let lock = NSLock()
    private var streams: [ObjectIdentifier: any ByteStream] = [:]
    private var closed = false

    /// Tracks a stream; false (and the stream closed) when the server already stopped.
    func add(_ stream: any ByteStream) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        if closed {
            stream.close()
            return false
        }
        streams[ObjectIdentifier(stream)] = stream
        return true
    }

    /// Stops tracking a stream.
    func remove(_ stream: any ByteStream) {
        lock.lock()
        defer { lock.unlock() }
        streams[ObjectIdentifier(stream)] = nil
    }

    /// Closes every tracked stream and refuses new ones.
    func closeAll() {
        lock.lock()
        let all = Array(streams.values)
        streams.removeAll()
        closed = true
        lock.unlock()
        for stream in all { stream.close() }
    }
}
