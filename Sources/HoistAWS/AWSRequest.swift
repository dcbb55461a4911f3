import HoistSigV4

/// One AWS call before signing: service, operation name, and the HTTP parts.
public struct AWSRequest: Sendable {
    /// The service called.
    public var service: AWSService
    /// The operation, for errors and logs, e.g. `CreateFunction`.
    public var operation: String
    /// The HTTP method.
    public var method: String
    /// The path as it goes on the wire (percent-encoded), starting with `/`.
    public var path: String
    /// Query parameters, not encoded.
    public var query: [(name: String, value: String)]
    /// Extra header fields (content type, targets, S3 metadata).
    public var headers: [HTTPHeader]
    /// The body.
    public var body: HTTPRequestBody
    /// What the signature covers of the body; nil hashes `body` when it is in memory and signs a file body
    /// as `UNSIGNED-PAYLOAD` (which only S3 accepts: give other services `.sha256Hex`).
    public var payload: SigV4Payload?
    /// For S3 virtual-hosted addressing: the bucket to put in front of the endpoint's host.
    public var hostPrefix: String?
    /// Transport limits for this call (large uploads need longer).
    public var options: HTTPRequestOptions?

    /// Creates a request.
    public init(
        service: AWSService, operation: String, method: String, path: String,
        query: [(name: String, value: String)] = [], headers: [HTTPHeader] = [], body: HTTPRequestBody = .none,
        payload: SigV4Payload? = nil, hostPrefix: String? = nil, options: HTTPRequestOptions? = nil
    ) {
        self.service = service
        self.operation = operation
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
        self.payload = payload
        self.hostPrefix = hostPrefix
        self.options = options
    }
}
