/// `url:` on a function: a Lambda function URL on the alias traffic goes through.
public struct URLTrigger: Sendable, Equatable {
    /// Who may call the URL.
    public enum Auth: String, Sendable, Equatable, CaseIterable {
        /// Callers sign with SigV4 and need `lambda:InvokeFunctionUrl` (the default).
        case iam
        /// Anyone on the internet: the plan marks it public.
        case none
    }

    /// Who may call it (default `iam`).
    public var auth: Auth
    /// CORS for browsers, or nil for none.
    public var cors: CORSConfig?

    /// Creates a URL trigger.
    public init(auth: Auth = .iam, cors: CORSConfig? = nil) {
        self.auth = auth
        self.cors = cors
    }
}
