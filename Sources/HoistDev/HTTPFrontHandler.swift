import Foundation

/// Answers one HTTP request through the function its route names, as API Gateway would; the HTTP front's logic
/// without sockets.
public struct HTTPFrontHandler: Sendable {
    /// Builds the events.
    public var builder: APIGatewayEventBuilder
    /// Which function answers which route.
    public var routing: APIRouting

    /// API Gateway's answer when no route matches.
    public static let notFound = HTTPResponse.json(404, #"{"message":"Not Found"}"#)

    /// A handler that sends every request to one function (`$default`).
    public init(
        builder: APIGatewayEventBuilder = APIGatewayEventBuilder(), invoker: any FunctionInvoking, timeout: TimeInterval
    ) {
        self.init(builder: builder, routing: APIRouting(everythingTo: invoker, timeout: timeout))
    }

    /// A handler that routes requests to functions by their routes.
    public init(builder: APIGatewayEventBuilder = APIGatewayEventBuilder(), routing: APIRouting) {
        self.builder = builder
        self.routing = routing
    }

    /// The response to a request, invoking the function its route names with a payload 2.0 event (404 when no
    /// route matches).
    public func respond(to request: HTTPRequest, sourceIp: String, requestId: String, now: Date = Date())
        -> HTTPResponse
    {
        var response: HTTPResponse
        if let (function, match) = routing.route(request) {
            let payload = builder.eventJSON(
                for: request, sourceIp: sourceIp, requestId: requestId, now: now, route: match)
            let outcome = function.invoker.invoke(requestId: requestId, payload: payload, timeout: function.timeout)
            response = APIGatewayResponseMapper.response(for: outcome)
        } else {
            response = Self.notFound
        }
        response.headers.add("Apigw-Requestid", requestId)
        if request.method.uppercased() == "HEAD" { response.body = [] }
        return response
    }
}
