import Foundation

/// Splits a byte stream into HTTP/1.1 messages (requests or responses), incrementally; pure.
///
/// Bodies are framed by Content-Length or chunked transfer coding; a message without either has no body
/// (a response of this kind is read to the end of the stream only by ``finish()``).
public struct HTTPMessageParser: Sendable {
    /// What the stream carries.
    public enum Kind: Sendable {
        /// Requests (server side).
        case request
        /// Responses (client side).
        case response
    }

    /// The start line and headers of a message.
    public struct Head: Sendable, Equatable {
        /// The three parts of the start line: method, target, version; or version, status, reason.
        public var startLine: [String]
        /// The header fields.
        public var headers: HTTPHeaders
    }

    /// The kind of messages parsed.
    public let kind: Kind
    /// The largest head accepted, in bytes.
    public let maxHeadBytes: Int
    /// The largest body accepted, in bytes.
    public let maxBodyBytes: Int
    private var buffer: [UInt8] = []
    private var pendingHead: (head: Head, bodyStart: Int)?
    private var searchedUpTo = 0

    /// Creates a parser.
    public init(kind: Kind, maxHeadBytes: Int = 64 << 10, maxBodyBytes: Int = 10 << 20) {
        self.kind = kind
        self.maxHeadBytes = maxHeadBytes
        self.maxBodyBytes = maxBodyBytes
    }

    /// Adds bytes read from the stream.
    public mutating func append<Bytes: Collection>(_ bytes: Bytes) where Bytes.Element == UInt8 {
        buffer.append(contentsOf: bytes)
    }

    /// True when a head asking for `Expect: 100-continue` is parsed and its body has not fully arrived.
    public var awaitsContinue: Bool {
        guard let pendingHead else { return false }
        return pendingHead.head.headers["Expect"]?.lowercased() == "100-continue"
    }

    /// Whether bytes of an unfinished message are buffered.
    public var hasPartialMessage: Bool { !buffer.isEmpty }

    /// The next complete message, removed from the buffer; nil when more bytes are needed.
    public mutating func nextMessage() throws(DevServerError) -> (head: Head, body: [UInt8])? {
        if pendingHead == nil {
            guard let end = headEnd() else {
                if buffer.count > maxHeadBytes {
                    throw DevServerError(.messageTooLarge, "header section over \(maxHeadBytes) bytes")
                }
                return nil
            }
            let head = try Self.parseHead(Array(buffer[..<end]), kind: kind)
            pendingHead = (head, end + 4)
        }
        guard let (head, bodyStart) = pendingHead else { return nil }
        if head.headers["Transfer-Encoding"]?.lowercased().contains("chunked") == true {
            guard let (body, end) = try dechunk(from: bodyStart) else { return nil }
            consume(end)
            return (head, body)
        }
        let lengthText = head.headers["Content-Length"]?.trimmingCharacters(in: .whitespaces) ?? "0"
        guard let length = Int(lengthText), length >= 0 else {
            throw DevServerError(.malformedHTTP, "invalid Content-Length '\(lengthText)'")
        }
        if length > maxBodyBytes {
            throw DevServerError(.messageTooLarge, "body of \(length) bytes is over \(maxBodyBytes)")
        }
        guard buffer.count - bodyStart >= length else { return nil }
        let body = Array(buffer[bodyStart..<(bodyStart + length)])
        consume(bodyStart + length)
        return (head, body)
    }

    /// Parses the next request.
    public mutating func nextRequest() throws(DevServerError) -> HTTPRequest? {
        guard let (head, body) = try nextMessage() else { return nil }
        return HTTPRequest(
            method: head.startLine[0], target: head.startLine[1], version: head.startLine[2], headers: head.headers,
            body: body)
    }

    /// Parses the next response.
    public mutating func nextResponse() throws(DevServerError) -> HTTPResponse? {
        guard let (head, body) = try nextMessage() else { return nil }
        guard let status = Int(head.startLine[1]) else {
            throw DevServerError(.malformedHTTP, "invalid status '\(head.startLine[1])'")
        }
        return HTTPResponse(status: status, headers: head.headers, body: body)
    }

    private mutating func consume(_ count: Int) {
        buffer.removeFirst(count)
        pendingHead = nil
        searchedUpTo = 0
    }

    /// The index of the CRLFCRLF ending the head.
    private mutating func headEnd() -> Int? {
        guard buffer.count >= 4 else { return nil }
        var index = max(0, searchedUpTo - 3)
        while index + 3 < buffer.count {
            if buffer[index] == 13 && buffer[index + 1] == 10 && buffer[index + 2] == 13 && buffer[index + 3] == 10 {
                return index
            }
            index += 1
        }
        searchedUpTo = buffer.count
        return nil
    }

    /// Decodes a chunked body starting at `start`: the body and the index after it, or nil if incomplete.
    private func dechunk(from start: Int) throws(DevServerError) -> ([UInt8], Int)? {
        var body: [UInt8] = []
        var index = start
        while true {
            guard let lineEnd = findLineEnd(from: index) else { return nil }
            let line = String(decoding: buffer[index..<lineEnd], as: UTF8.self)
            let sizeText = line.split(separator: ";").first.map(String.init)?.trimmingCharacters(in: .whitespaces)
            guard let sizeText, let size = Int(sizeText, radix: 16), size >= 0 else {
                throw DevServerError(.malformedHTTP, "invalid chunk size line '\(line)'")
            }
            index = lineEnd + 2
            if size == 0 {
                // Trailers (ignored) up to an empty line.
                while true {
                    guard let end = findLineEnd(from: index) else { return nil }
                    let empty = end == index
                    index = end + 2
                    if empty { return (body, index) }
                }
            }
            if body.count + size > maxBodyBytes {
                throw DevServerError(.messageTooLarge, "chunked body over \(maxBodyBytes) bytes")
            }
            guard buffer.count >= index + size + 2 else { return nil }
            body.append(contentsOf: buffer[index..<(index + size)])
            index += size + 2
        }
    }

    private func findLineEnd(from start: Int) -> Int? {
        var index = start
        while index + 1 < buffer.count {
            if buffer[index] == 13 && buffer[index + 1] == 10 { return index }
            index += 1
        }
        return nil
    }

    /// Parses a start line and header fields.
    static func parseHead(_ bytes: [UInt8], kind: Kind) throws(DevServerError) -> Head {
        let text = String(decoding: bytes, as: UTF8.self)
        var lines = text.components(separatedBy: "\r\n")
        // Tolerate empty lines before a request (RFC 9112 §2.2).
        while lines.first == "" { lines.removeFirst() }
        guard let first = lines.first else { throw DevServerError(.malformedHTTP, "empty message head") }
        let parts: [String]
        switch kind {
        case .request:
            parts = first.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
            guard parts.count == 3, parts[2].hasPrefix("HTTP/1."), !parts[1].isEmpty else {
                throw DevServerError(.malformedHTTP, "invalid request line '\(first.prefix(200))'")
            }
        case .response:
            let split = first.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: false).map(String.init)
            guard split.count >= 2, split[0].hasPrefix("HTTP/1.") else {
                throw DevServerError(.malformedHTTP, "invalid status line '\(first.prefix(200))'")
            }
            parts = [split[0], split[1], split.count > 2 ? split[2] : ""]
        }
        var headers = HTTPHeaders()
        for line in lines.dropFirst() where !line.isEmpty {
            guard let colon = line.firstIndex(of: ":"), colon != line.startIndex else {
                throw DevServerError(.malformedHTTP, "invalid header line '\(line.prefix(200))'")
            }
            let name = String(line[..<colon])
            guard !name.contains(" ") else {
                throw DevServerError(.malformedHTTP, "invalid header name '\(name.prefix(200))'")
            }
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            headers.add(name, value)
        }
        return Head(startLine: parts, headers: headers)
    }
}
