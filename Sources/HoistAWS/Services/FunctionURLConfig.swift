/// A function URL as Lambda reports it.
public struct FunctionURLConfig: Codable, Sendable, Equatable {
    /// The URL, `https://<id>.lambda-url.<region>.on.aws/`.
    public var functionUrl: String?
    /// The ARN of the function (qualified by the alias the URL is on).
    public var functionArn: String?
    /// `AWS_IAM` or `NONE`.
    public var authType: String?
    /// CORS settings, if any.
    public var cors: FunctionURLCors?
    /// `BUFFERED` or `RESPONSE_STREAM`.
    public var invokeMode: String?
    /// When it was last changed, ISO 8601.
    public var lastModifiedTime: String?
}
