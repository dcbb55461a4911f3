import Foundation

/// Answers one HTTP request through the function as API Gateway would; the HTTP front's logic without sockets.
public struct HTTPFrontHandler: Sendable {
    /// Builds the events.
    public var builder: APIGatewayEventBuilder
    /// Runs them.
    public var invoker: any FunctionInvoking
    /// The function's timeout in seconds.
    public var timeout: TimeInterval

    /// Creates a handler.
    public init(
        builder: APIGatewayEventBuilder = APIGatewayEventBuilder(), invoker: any FunctionInvoking, timeout: TimeInterval
    ) {
        self.builder = builder
        self.invoker = invoker
        self.timeout = timeout
    }

    /// The response to a request, invoking the function with a payload 2.0 event.
    public func respond(to request: HTTPRequest, sourceIp: String, requestId: String, now: Date = Date())
        -> HTTPResponse
    {
        let payload = builder.eventJSON(for: request, sourceIp: sourceIp, requestId: requestId, now: now)
        let outcome = invoker.invoke(requestId: requestId, payload: payload, timeout: timeout)
        var response = APIGatewayResponseMapper.response(for: outcome)
        response.headers.add("Apigw-Requestid", requestId)
        if request.method.uppercased() == "HEAD" { response.body = [] }
        return response
    }
}
