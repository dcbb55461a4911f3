/// A connected byte stream: the network edge the HTTP servers read requests from and write responses to.
public protocol ByteStream: AnyObject, Sendable {
    /// Reads what is available (blocking), appending to `buffer`; 0 at the end of the stream or on an error.
    func read(into buffer: inout [UInt8]) -> Int
    /// Writes all bytes; false when the peer is gone.
    func write(_ bytes: [UInt8]) -> Bool
    /// Closes the stream.
    func close()
    /// The peer's address, e.g. `127.0.0.1`.
    var peerAddress: String { get }
}
