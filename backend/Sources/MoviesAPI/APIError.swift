/// An error answered to a client: an HTTP status, a stable code, a message fit for clients, and the cause.
///
/// The underlying cause goes to the log only, never into the answer.
public struct APIError: Error, Sendable, CustomStringConvertible {
    /// The HTTP status code.
    public var status: Int
    /// A stable, machine-readable code, e.g. `username_taken`.
    public var code: String
    /// A message for the client; never internals.
    public var message: String
    /// The underlying error, logged but not answered.
    public var underlying: (any Error)?
    /// Extra headers for the answer (e.g. `Allow`, `WWW-Authenticate`).
    public var headers: [String: String]

    /// Creates an error.
    public init(
        status: Int, code: String, message: String, underlying: (any Error)? = nil, headers: [String: String] = [:]
    ) {
        self.status = status
        self.code = code
        self.message = message
        self.underlying = underlying
        self.headers = headers
    }

    /// `status code: message (underlying)`, for logs.
    public var description: String {
        "\(status) \(code): \(message)" + (underlying.map { " (\($0))" } ?? "")
    }

    /// 400 with a code and message.
    public static func badRequest(_ code: String, _ message: String) -> APIError {
        APIError(status: 400, code: code, message: message)
    }

    /// 401: no valid bearer token.
    public static func unauthorized(_ message: String = "a valid bearer token is required") -> APIError {
        APIError(
            status: 401, code: "unauthorized", message: message, headers: ["www-authenticate": "Bearer"])
    }

    /// 401 for a failed sign-in; the same for an unknown user and a wrong password.
    public static let invalidCredentials = APIError(
        status: 401, code: "invalid_credentials", message: "invalid username or password")

    /// 403: signed in, but the rule of the route is not met.
    public static let forbidden = APIError(
        status: 403, code: "forbidden", message: "you are not allowed to do this")

    /// 404 for a resource.
    public static func notFound(_ code: String, _ message: String) -> APIError {
        APIError(status: 404, code: code, message: message)
    }

    /// 500 with the cause kept for the log.
    public static func internalError(_ underlying: any Error) -> APIError {
        APIError(status: 500, code: "internal_error", message: "internal error", underlying: underlying)
    }
}
