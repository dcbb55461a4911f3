import CCurl
import Dispatch
import Foundation
import HoistAWS

/// The one ``HTTPTransport`` over libcurl: pooled easy handles (so connections are reused across calls),
/// connect and total timeouts, TLS verification against the system CA bundle, file bodies streamed from disk,
/// and a cap on the response size. Safe to use from many tasks at once.
public final class CurlTransport: HTTPTransport, @unchecked Sendable {
    private let lock = NSLock()
    private var idleHandles: [UnsafeMutableRawPointer] = []
    private let maxIdleHandles: Int
    private let caBundlePath: String?
    private let queue = DispatchQueue(label: "hoist.curl", attributes: .concurrent)

    private static let globalInit: Void = {
        curl_global_init(Int(CURL_GLOBAL_DEFAULT))
    }()

    /// Creates a transport; `caBundlePath` overrides the system CA bundle (HTTPS only).
    public init(maxIdleHandles: Int = 16, caBundlePath: String? = nil) {
        _ = Self.globalInit
        self.maxIdleHandles = maxIdleHandles
        self.caBundlePath = caBundlePath
    }

    deinit {
        for handle in idleHandles { curl_easy_cleanup(handle) }
    }

    /// Sends a request on a pooled handle, off the cooperative thread pool.
    public func send(_ request: HTTPRequest, options: HTTPRequestOptions) async throws -> HTTPResponse {
        try await withCheckedThrowingContinuation { continuation in
            queue.async {
                continuation.resume(with: Result { try self.perform(request, options: options) })
            }
        }
    }

    private func checkout() -> UnsafeMutableRawPointer? {
        lock.withLock { idleHandles.popLast() } ?? curl_easy_init()
    }

    private func checkin(_ handle: UnsafeMutableRawPointer, healthy: Bool) {
        let keep =
            healthy
            && lock.withLock {
                guard idleHandles.count < maxIdleHandles else { return false }
                idleHandles.append(handle)
                return true
            }
        if !keep { curl_easy_cleanup(handle) }
    }

    func perform(_ request: HTTPRequest, options: HTTPRequestOptions) throws -> HTTPResponse {
        guard let handle = checkout() else {
            throw TransportError(code: .other, message: "curl_easy_init failed", url: request.url)
        }
        curl_easy_reset(handle)
        let exchange = CurlExchange(request: request, maxResponseBytes: options.maxResponseBytes)
        exchange.progress = options.bodyProgress
        var headerList: UnsafeMutablePointer<curl_slist>?
        defer { curl_slist_free_all(headerList) }
        do {
            try exchange.openBody()
        } catch {
            checkin(handle, healthy: true)
            throw error
        }
        defer { exchange.closeBody() }

        let context = Unmanaged.passUnretained(exchange).toOpaque()
        var setup: [CURLcode] = []
        setup.append(hoist_curl_setopt_string(handle, CURLOPT_URL, request.url))
        // Only the protocols AWS and the credential endpoints speak: a URL from a variable can never make
        // curl read a file or talk ftp, dict, gopher… (and redirects, which are not followed, would be held
        // to the same two).
        setup.append(hoist_curl_setopt_string(handle, CURLOPT_PROTOCOLS_STR, "http,https"))
        setup.append(hoist_curl_setopt_string(handle, CURLOPT_REDIR_PROTOCOLS_STR, "http,https"))
        setup.append(hoist_curl_setopt_long(handle, CURLOPT_NOSIGNAL, 1))
        setup.append(hoist_curl_setopt_long(handle, CURLOPT_CONNECTTIMEOUT_MS, Int(options.connectTimeout * 1000)))
        setup.append(hoist_curl_setopt_long(handle, CURLOPT_TIMEOUT_MS, Int(options.totalTimeout * 1000)))
        setup.append(hoist_curl_setopt_long(handle, CURLOPT_SSL_VERIFYPEER, 1))
        setup.append(hoist_curl_setopt_long(handle, CURLOPT_SSL_VERIFYHOST, 2))
        setup.append(hoist_curl_setopt_long(handle, CURLOPT_TCP_KEEPALIVE, 1))
        if let caBundlePath { setup.append(hoist_curl_setopt_string(handle, CURLOPT_CAINFO, caBundlePath)) }
        setup.append(hoist_curl_setopt_callback(handle, CURLOPT_WRITEFUNCTION, curlWriteBody))
        setup.append(hoist_curl_setopt_pointer(handle, CURLOPT_WRITEDATA, context))
        setup.append(hoist_curl_setopt_callback(handle, CURLOPT_HEADERFUNCTION, curlWriteHeader))
        setup.append(hoist_curl_setopt_pointer(handle, CURLOPT_HEADERDATA, context))

        let method = request.method.uppercased()
        let hasBody = request.body != .none
        if method == "HEAD" {
            setup.append(hoist_curl_setopt_long(handle, CURLOPT_NOBODY, 1))
        } else if hasBody || method == "POST" || method == "PUT" {
            setup.append(hoist_curl_setopt_long(handle, CURLOPT_UPLOAD, 1))
            setup.append(hoist_curl_setopt_off(handle, CURLOPT_INFILESIZE_LARGE, curl_off_t(request.body.count)))
            setup.append(hoist_curl_setopt_callback(handle, CURLOPT_READFUNCTION, curlReadBody))
            setup.append(hoist_curl_setopt_pointer(handle, CURLOPT_READDATA, context))
            // Lets curl resend the body when a reused connection turns out to be closed. Without a way to rewind,
            // curl fails such a request instead of sending it twice: what a create that must not repeat asks for.
            if options.resendOnDeadConnection {
                setup.append(hoist_curl_setopt_seek(handle, curlSeekBody))
                setup.append(hoist_curl_setopt_pointer(handle, CURLOPT_SEEKDATA, context))
            }
            if method != "PUT" { setup.append(hoist_curl_setopt_string(handle, CURLOPT_CUSTOMREQUEST, method)) }
        } else if method != "GET" {
            setup.append(hoist_curl_setopt_string(handle, CURLOPT_CUSTOMREQUEST, method))
        }
        var sentHeaders = request.headers.map { "\($0.name): \($0.value)" }
        sentHeaders.append("Expect:")  // no 100-continue round trip
        if !request.headers.contains(where: { $0.name.lowercased() == "accept" }) { sentHeaders.append("Accept:") }
        for line in sentHeaders { headerList = curl_slist_append(headerList, line) }
        setup.append(hoist_curl_setopt_slist(handle, CURLOPT_HTTPHEADER, headerList))
        if let failed = setup.first(where: { $0 != CURLE_OK }) {
            checkin(handle, healthy: false)
            throw TransportError(code: .other, message: Self.describe(failed), url: request.url)
        }

        let result = curl_easy_perform(handle)
        var status = 0
        if result == CURLE_OK {
            var code: Int = 0
            _ = hoist_curl_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &code)
            status = code
        }
        checkin(handle, healthy: result == CURLE_OK)
        guard result == CURLE_OK else {
            throw Self.transportError(result, exchange: exchange, url: request.url)
        }
        return HTTPResponse(status: status, headers: exchange.finalHeaders(), body: exchange.body)
    }

    /// Converts a libcurl result into a ``TransportError``: the only place curl codes are read.
    static func transportError(_ code: CURLcode, exchange: CurlExchange, url: String) -> TransportError {
        if exchange.exceededLimit {
            return TransportError(
                code: .responseTooLarge, message: "the answer exceeded \(exchange.maxResponseBytes) bytes", url: url)
        }
        if let failure = exchange.bodyFailure {
            return TransportError(code: .bodyUnreadable, message: failure, url: url)
        }
        let kind: TransportError.Code
        switch code {
        case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_CONNECT, CURLE_COULDNT_RESOLVE_PROXY:
            kind = .connectFailed
        case CURLE_OPERATION_TIMEDOUT:
            kind = .timedOut
        case CURLE_RECV_ERROR, CURLE_SEND_ERROR, CURLE_GOT_NOTHING, CURLE_PARTIAL_FILE, CURLE_HTTP2,
            CURLE_HTTP2_STREAM, CURLE_SEND_FAIL_REWIND:
            kind = .connectionReset
        case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CERTPROBLEM, CURLE_SSL_CIPHER,
            CURLE_SSL_CACERT_BADFILE, CURLE_SSL_ISSUER_ERROR, CURLE_SSL_PINNEDPUBKEYNOTMATCH:
            kind = .tls
        case CURLE_READ_ERROR, CURLE_ABORTED_BY_CALLBACK:
            kind = .bodyUnreadable
        default:
            kind = .other
        }
        return TransportError(code: kind, message: describe(code), url: url)
    }

    static func describe(_ code: CURLcode) -> String {
        "curl error \(code.rawValue): " + String(cString: curl_easy_strerror(code))
    }
}

/// The state of one exchange, reached from libcurl's callbacks.
final class CurlExchange {
    let request: HTTPRequest
    let maxResponseBytes: Int
    var body: [UInt8] = []
    var headerLines: [String] = []
    var exceededLimit = false
    var bodyFailure: String?
    var progress: BodyProgress?
    private var bodyOffset: UInt64 = 0 {
        didSet { progress?.update(position: Int64(bodyOffset)) }
    }
    private var fileDescriptor: Int32 = -1

    init(request: HTTPRequest, maxResponseBytes: Int) {
        self.request = request
        self.maxResponseBytes = maxResponseBytes
    }

    func openBody() throws {
        guard case .file(let path, _, _) = request.body else { return }
        fileDescriptor = open(path, O_RDONLY | O_CLOEXEC)
        if fileDescriptor < 0 {
            throw TransportError(
                code: .bodyUnreadable, message: "cannot open \(path): \(String(cString: strerror(errno)))",
                url: request.url)
        }
    }

    func closeBody() {
        if fileDescriptor >= 0 { close(fileDescriptor) }
        fileDescriptor = -1
    }

    /// Copies up to `capacity` body bytes into `buffer`; 0 at the end.
    func readBody(into buffer: UnsafeMutableRawPointer, capacity: Int) -> Int {
        switch request.body {
        case .none:
            return 0
        case .bytes(let bytes):
            let remaining = bytes.count - Int(bodyOffset)
            let count = min(capacity, remaining)
            guard count > 0 else { return 0 }
            bytes.withUnsafeBytes { source in
                buffer.copyMemory(from: source.baseAddress! + Int(bodyOffset), byteCount: count)
            }
            bodyOffset += UInt64(count)
            return count
        case .file(let path, let offset, let length):
            let remaining = length - bodyOffset
            let wanted = Int(min(UInt64(capacity), remaining))
            guard wanted > 0 else { return 0 }
            let got = pread(fileDescriptor, buffer, wanted, off_t(offset + bodyOffset))
            if got <= 0 {
                bodyFailure =
                    "reading \(path) at \(offset + bodyOffset): "
                    + (got < 0 ? String(cString: strerror(errno)) : "file shorter than announced")
                return Int(CURL_READFUNC_ABORT)
            }
            bodyOffset += UInt64(got)
            return got
        }
    }

    /// Moves the body's read position (curl rewinds to resend on a new connection); false when impossible.
    func seekBody(to offset: Int64) -> Bool {
        guard offset >= 0, UInt64(offset) <= request.body.count else { return false }
        bodyOffset = UInt64(offset)
        return true
    }

    /// Appends response bytes; false when the cap is exceeded.
    func appendBody(_ pointer: UnsafeRawPointer, count: Int) -> Bool {
        if body.count + count > maxResponseBytes {
            exceededLimit = true
            return false
        }
        body.append(contentsOf: UnsafeRawBufferPointer(start: pointer, count: count))
        return true
    }

    /// The header fields of the final response (after any `100 Continue` or redirect block).
    func finalHeaders() -> [HTTPHeader] {
        var fields: [HTTPHeader] = []
        for line in headerLines {
            if line.hasPrefix("HTTP/") {
                fields = []
                continue
            }
            guard let colon = line.firstIndex(of: ":") else { continue }
            fields.append(
                HTTPHeader(
                    String(line[..<colon]),
                    line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)))
        }
        return fields
    }
}

private func curlWriteBody(
    _ data: UnsafeMutablePointer<CChar>?, _ size: Int, _ count: Int, _ context: UnsafeMutableRawPointer?
) -> Int {
    guard let data, let context else { return 0 }
    let exchange = Unmanaged<CurlExchange>.fromOpaque(context).takeUnretainedValue()
    return exchange.appendBody(UnsafeRawPointer(data), count: size * count) ? size * count : 0
}

private func curlWriteHeader(
    _ data: UnsafeMutablePointer<CChar>?, _ size: Int, _ count: Int, _ context: UnsafeMutableRawPointer?
) -> Int {
    guard let data, let context else { return 0 }
    let exchange = Unmanaged<CurlExchange>.fromOpaque(context).takeUnretainedValue()
    let line = String(decoding: UnsafeRawBufferPointer(start: data, count: size * count), as: UTF8.self)
        .trimmingCharacters(in: .newlines)
    if !line.isEmpty { exchange.headerLines.append(line) }
    return size * count
}

private func curlSeekBody(_ context: UnsafeMutableRawPointer?, _ offset: curl_off_t, _ origin: Int32) -> Int32 {
    guard let context, origin == SEEK_SET else { return 2 }  // CURL_SEEKFUNC_CANTSEEK
    let exchange = Unmanaged<CurlExchange>.fromOpaque(context).takeUnretainedValue()
    return exchange.seekBody(to: Int64(offset)) ? 0 : 1  // CURL_SEEKFUNC_OK : CURL_SEEKFUNC_FAIL
}

private func curlReadBody(
    _ buffer: UnsafeMutablePointer<CChar>?, _ size: Int, _ count: Int, _ context: UnsafeMutableRawPointer?
) -> Int {
    guard let buffer, let context else { return 0 }
    let exchange = Unmanaged<CurlExchange>.fromOpaque(context).takeUnretainedValue()
    return exchange.readBody(into: UnsafeMutableRawPointer(buffer), capacity: size * count)
}
