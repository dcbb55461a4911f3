/// One HTTP exchange with the Lambda Runtime API, as the runtime client sees it.
public struct RuntimeHTTPResponse: Sendable, Equatable {
    /// The status code.
    public var status: Int
    /// Header fields; names as received.
    public var headers: [(name: String, value: String)]
    /// The body.
    public var body: [UInt8]

    /// Creates a response.
    public init(status: Int, headers: [(name: String, value: String)] = [], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The first value of a header, looked up without regard to case.
    public func header(_ name: String) -> String? {
        let wanted = name.lowercased()
        return headers.first { $0.name.lowercased() == wanted }?.value
    }

    /// Compares status, headers and body.
    public static func == (lhs: RuntimeHTTPResponse, rhs: RuntimeHTTPResponse) -> Bool {
        lhs.status == rhs.status && lhs.body == rhs.body
            && lhs.headers.map { [$0.name, $0.value] } == rhs.headers.map { [$0.name, $0.value] }
    }
}

/// The network edge of the runtime client: sends one request to the Runtime API and returns its answer.
public protocol RuntimeTransport: Sendable {
    /// Sends `method path` with the headers and body; `longPoll` means no timeout (the `next` call).
    func send(
        method: String, path: String, headers: [(name: String, value: String)], body: [UInt8]?, longPoll: Bool
    ) async throws -> RuntimeHTTPResponse
}
