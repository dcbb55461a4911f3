import Foundation

/// Any failure of an AWS call: the service's own error, a transport failure, or an answer hoist cannot read.
public struct AWSError: Error, Sendable, CustomStringConvertible {
    /// The service, e.g. `lambda`.
    public var service: String
    /// The operation, e.g. `CreateFunction`.
    public var operation: String
    /// The HTTP status, or 0 when no answer came.
    public var status: Int
    /// The error code, e.g. `ResourceConflictException`, or a hoist code such as `TransportError`.
    public var code: String
    /// The service's message, or hoist's.
    public var message: String
    /// The request id the service returned, if any.
    public var requestId: String?
    /// What caused it below AWS, e.g. a ``TransportError``.
    public var underlying: (any Error & Sendable)?
    /// How many attempts were made before giving up.
    public var attempts: Int

    /// Creates an error.
    public init(
        service: String, operation: String, status: Int, code: String, message: String, requestId: String? = nil,
        underlying: (any Error & Sendable)? = nil, attempts: Int = 1
    ) {
        self.service = service
        self.operation = operation
        self.status = status
        self.code = code
        self.message = message
        self.requestId = requestId
        self.underlying = underlying
        self.attempts = attempts
    }

    /// `lambda CreateFunction failed: ResourceConflictException (HTTP 409): message [request id …]`.
    public var description: String {
        var text = "\(service) \(operation) failed: \(code)"
        if status > 0 { text += " (HTTP \(status))" }
        if !message.isEmpty { text += ": \(message)" }
        text += " [request id \(requestId ?? "none")]"
        if attempts > 1 { text += " after \(attempts) attempts" }
        return text
    }

    /// Whether the error says the resource does not exist (SQS says it with HTTP 400 and ``queueDoesNotExist``).
    public var isNotFound: Bool {
        status == 404 || code.hasSuffix("NotFoundException") || code == "NoSuchEntity" || code == "NoSuchKey"
            || code == "NotFound" || code == "NoSuchBucket" || code == "NoSuchUpload" || code == Self.queueDoesNotExist
    }

    /// SQS's code for a queue that does not exist (the JSON protocol's `__type`; the query protocol said
    /// `AWS.SimpleQueueService.NonExistentQueue`).
    public static let queueDoesNotExist = "QueueDoesNotExist"
}

extension AWSError {
    /// Runs a call; an answer that the resource does not exist (``isNotFound``) becomes nil.
    public static func nilIfNotFound<T: Sendable>(_ call: () async throws -> T) async throws -> T? {
        do {
            return try await call()
        } catch let error as AWSError where error.isNotFound {
            return nil
        }
    }
}
