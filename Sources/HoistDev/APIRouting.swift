import Foundation

/// Which function answers which route: the route table and, for each function it names, how to invoke it.
///
/// The one-function form is one function on `$default` (every request, `routeKey` `$default`), which is what
/// `hoist dev` always did; a project of several functions routes by their `http` routes.
public struct APIRouting: Sendable {
    /// A function the HTTP front can hand requests to.
    public struct Function: Sendable {
        /// Its name (hoist.yml's).
        public var name: String
        /// Its route keys (`$default`, `GET /movies/{id}`).
        public var routeKeys: [String]
        /// Runs its invocations.
        public var invoker: any FunctionInvoking
        /// Its timeout in seconds.
        public var timeout: TimeInterval

        /// Creates a routed function.
        public init(name: String, routeKeys: [String], invoker: any FunctionInvoking, timeout: TimeInterval) {
            self.name = name
            self.routeKeys = routeKeys
            self.invoker = invoker
            self.timeout = timeout
        }
    }

    /// The routes.
    public let table: APIRouteTable
    /// The functions by name.
    public let functions: [String: Function]

    /// Routes to `functions` by their route keys; throws for a key that is not one.
    public init(_ functions: [Function]) throws(APIRouteTable.InvalidRoute) {
        table = try APIRouteTable(functions.flatMap { function in function.routeKeys.map { ($0, function.name) } })
        self.functions = Dictionary(functions.map { ($0.name, $0) }) { first, _ in first }
    }

    /// Every request to one function, as `$default`.
    public init(everythingTo invoker: any FunctionInvoking, timeout: TimeInterval) {
        let function = Function(name: "function", routeKeys: ["$default"], invoker: invoker, timeout: timeout)
        table = APIRouteTable(entries: [.init(route: .catchAll, target: function.name)])
        functions = [function.name: function]
    }

    /// The function and route that answer a request; nil when no route matches.
    public func route(_ request: HTTPRequest) -> (function: Function, match: APIRouteMatch)? {
        guard let match = table.match(method: request.method, path: request.path),
            let function = functions[match.target]
        else { return nil }
        return (function, match)
    }
}
