/// The route a request matched: which function answers it, and what its event says about the route.
public struct APIRouteMatch: Sendable, Equatable {
    /// The route key matched (`GET /movies/{id}`, `$default`): the event's `routeKey`.
    public var routeKey: String
    /// The function the route belongs to.
    public var target: String
    /// The path variables' values, decoded (empty for a route without variables).
    public var pathParameters: [String: String]

    /// Creates a match.
    public init(routeKey: String, target: String, pathParameters: [String: String] = [:]) {
        self.routeKey = routeKey
        self.target = target
        self.pathParameters = pathParameters
    }
}
