/// Serves HTTP/1.1 requests on one stream, one after another (keep-alive), with a handler per request.
public enum HTTPConnectionLoop {
    /// Reads requests until the stream ends, the handler returns nil, or either side asks to close.
    ///
    /// A malformed request is answered 400 (413 when too large) and the stream closed. A request that
    /// expects `100-continue` gets the interim response before its body is read.
    public static func serve(
        _ stream: any ByteStream, maxBodyBytes: Int = 10 << 20, handler: (HTTPRequest) -> HTTPResponse?
    ) {
        defer { stream.close() }
        var parser = HTTPMessageParser(kind: .request, maxBodyBytes: maxBodyBytes)
        var buffer: [UInt8] = []
        var sentContinue = false
        while true {
            let request: HTTPRequest?
            do {
                request = try parser.nextRequest()
            } catch {
                let status = error.code == .messageTooLarge ? 413 : 400
                let body = #"{"message":"\#(status == 413 ? "Request Entity Too Large" : "Bad Request")"}"#
                _ = stream.write(HTTPResponse.json(status, body).serialized(keepAlive: false))
                return
            }
            if let request {
                sentContinue = false
                guard let response = handler(request) else { return }
                let keepAlive = request.keepsAlive
                guard stream.write(response.serialized(keepAlive: keepAlive)), keepAlive else { return }
                continue
            }
            if parser.awaitsContinue && !sentContinue {
                sentContinue = true
                guard stream.write(Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)) else { return }
            }
            buffer.removeAll(keepingCapacity: true)
            guard stream.read(into: &buffer) > 0 else { return }
            parser.append(buffer)
        }
    }
}
