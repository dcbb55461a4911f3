import Foundation

/// The body of an HTTP request: nothing, bytes in memory, or a byte range of a file streamed by the transport.
public enum HTTPRequestBody: Sendable, Equatable {
    /// No body.
    case none
    /// Bytes held in memory.
    case bytes([UInt8])
    /// `length` bytes of the file at `path` from `offset`, read while sending (for large uploads).
    case file(path: String, offset: UInt64, length: UInt64)

    /// The number of bytes the body holds.
    public var count: UInt64 {
        switch self {
        case .none: return 0
        case .bytes(let bytes): return UInt64(bytes.count)
        case .file(_, _, let length): return length
        }
    }
}

/// An HTTP request as a transport sends it.
public struct HTTPRequest: Sendable, Equatable {
    /// The method, e.g. `GET`.
    public var method: String
    /// The full URL: scheme, host, port, percent-encoded path and encoded query.
    public var url: String
    /// Header fields in order.
    public var headers: [HTTPHeader]
    /// The body.
    public var body: HTTPRequestBody

    /// Creates a request.
    public init(method: String, url: String, headers: [HTTPHeader] = [], body: HTTPRequestBody = .none) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
    }
}

/// One header field.
public struct HTTPHeader: Sendable, Equatable {
    /// The field name as sent.
    public var name: String
    /// The field value.
    public var value: String

    /// Creates a header field.
    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}

/// An HTTP response with its body read into memory.
public struct HTTPResponse: Sendable, Equatable {
    /// The status code.
    public var status: Int
    /// Header fields as received.
    public var headers: [HTTPHeader]
    /// The body.
    public var body: [UInt8]

    /// Creates a response.
    public init(status: Int, headers: [HTTPHeader] = [], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The first value of a header, matched case-insensitively.
    public func header(_ name: String) -> String? {
        let wanted = name.lowercased()
        return headers.first { $0.name.lowercased() == wanted }?.value
    }
}

/// Limits a transport applies to one request.
public struct HTTPRequestOptions: Sendable, Equatable {
    /// Seconds to wait for the connection.
    public var connectTimeout: Double
    /// Seconds the whole exchange may take.
    public var totalTimeout: Double
    /// Responses larger than this fail with ``TransportError/Code/responseTooLarge``.
    public var maxResponseBytes: Int
    /// Told how far the request body has been read, for progress displays; nil for none.
    public var bodyProgress: BodyProgress?
    /// Whether the transport may send the request again by itself when a reused connection dies before an
    /// answer (libcurl does). False for creates AWS does not make idempotent: the server may have acted, and the
    /// caller reads before it tries again.
    public var resendOnDeadConnection: Bool

    /// Creates options; the defaults suit AWS control-plane calls.
    public init(
        connectTimeout: Double = 10, totalTimeout: Double = 120, maxResponseBytes: Int = 64 << 20,
        bodyProgress: BodyProgress? = nil, resendOnDeadConnection: Bool = true
    ) {
        self.connectTimeout = connectTimeout
        self.totalTimeout = totalTimeout
        self.maxResponseBytes = maxResponseBytes
        self.bodyProgress = bodyProgress
        self.resendOnDeadConnection = resendOnDeadConnection
    }
}

/// Receives the read position of a request body as a transport sends it (it moves back when a body is resent).
public final class BodyProgress: Sendable, Equatable {
    private let handler: @Sendable (Int64) -> Void

    /// Creates a receiver; `handler` gets the position in bytes from the body's start.
    public init(_ handler: @escaping @Sendable (Int64) -> Void) { self.handler = handler }

    /// Reports the body's read position.
    public func update(position: Int64) { handler(position) }

    /// Two receivers are equal only when they are the same object.
    public static func == (lhs: BodyProgress, rhs: BodyProgress) -> Bool { lhs === rhs }
}

/// A failure below HTTP: no answer, a broken connection, or an answer too large.
public struct TransportError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of failure.
    public enum Code: String, Sendable, Equatable {
        /// The host could not be resolved or the connection was refused.
        case connectFailed
        /// The connection or the exchange timed out.
        case timedOut
        /// The peer reset or closed the connection mid-exchange.
        case connectionReset
        /// The response exceeded ``HTTPRequestOptions/maxResponseBytes``.
        case responseTooLarge
        /// TLS could not be established or the certificate did not verify.
        case tls
        /// A body file could not be read.
        case bodyUnreadable
        /// Anything else the transport reported.
        case other
    }

    /// The kind of failure.
    public var code: Code
    /// A readable explanation, e.g. libcurl's error text.
    public var message: String
    /// The URL the request went to.
    public var url: String

    /// Creates a transport error.
    public init(code: Code, message: String, url: String) {
        self.code = code
        self.message = message
        self.url = url
    }

    /// Whether trying again may succeed.
    public var isRetryable: Bool {
        switch code {
        case .connectFailed, .timedOut, .connectionReset: return true
        case .responseTooLarge, .tls, .bodyUnreadable, .other: return false
        }
    }

    /// `code: message (url)`.
    public var description: String { "\(code.rawValue): \(message) (\(url))" }
}

/// Sends HTTP requests; the only network edge of hoist's AWS layer.
public protocol HTTPTransport: Sendable {
    /// Sends one request and returns the whole response, or throws a ``TransportError``.
    func send(_ request: HTTPRequest, options: HTTPRequestOptions) async throws -> HTTPResponse
}
