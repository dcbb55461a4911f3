/// A function URL's CORS settings. Every member empty (`{}`) is no CORS: what UpdateFunctionUrlConfig is sent to
/// remove them.
public struct FunctionURLCors: Codable, Sendable, Equatable {
    /// Whether cookies and authorization headers are allowed.
    public var allowCredentials: Bool?
    /// Allowed request headers.
    public var allowHeaders: [String]?
    /// Allowed methods.
    public var allowMethods: [String]?
    /// Allowed origins.
    public var allowOrigins: [String]?
    /// Headers exposed to the browser.
    public var exposeHeaders: [String]?
    /// Preflight cache seconds.
    public var maxAge: Int?

    /// Creates CORS settings; none set is no CORS.
    public init(
        allowCredentials: Bool? = nil, allowHeaders: [String]? = nil, allowMethods: [String]? = nil,
        allowOrigins: [String]? = nil, exposeHeaders: [String]? = nil, maxAge: Int? = nil
    ) {
        self.allowCredentials = allowCredentials
        self.allowHeaders = allowHeaders
        self.allowMethods = allowMethods
        self.allowOrigins = allowOrigins
        self.exposeHeaders = exposeHeaders
        self.maxAge = maxAge
    }

    /// No CORS (what removes them).
    public static let empty = FunctionURLCors()
}
