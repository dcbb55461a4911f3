/// The Lambda Runtime API's endpoints (version 2018-06-01); pure.
public enum RuntimeAPIRoute: Equatable, Sendable {
    /// `GET /2018-06-01/runtime/invocation/next`.
    case next
    /// `POST /2018-06-01/runtime/invocation/{id}/response`.
    case response(requestId: String)
    /// `POST /2018-06-01/runtime/invocation/{id}/error`.
    case error(requestId: String)
    /// `POST /2018-06-01/runtime/init/error`.
    case initError
    /// Anything else.
    case unknown

    /// The route of a method and request target.
    public init(method: String, target: String) {
        let path =
            target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init)
            ?? target
        let parts = path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        // ["", "2018-06-01", "runtime", ...]
        guard parts.count >= 4, parts[0].isEmpty, parts[1] == "2018-06-01", parts[2] == "runtime" else {
            self = .unknown
            return
        }
        switch (method, Array(parts.dropFirst(3))) {
        case ("GET", ["invocation", "next"]): self = .next
        case ("POST", let rest) where rest.count == 3 && rest[0] == "invocation" && rest[2] == "response":
            self = rest[1].isEmpty ? .unknown : .response(requestId: rest[1])
        case ("POST", let rest) where rest.count == 3 && rest[0] == "invocation" && rest[2] == "error":
            self = rest[1].isEmpty ? .unknown : .error(requestId: rest[1])
        case ("POST", ["init", "error"]): self = .initError
        default: self = .unknown
        }
    }
}
