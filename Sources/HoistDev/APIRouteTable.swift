/// The routes of an HTTP API and the function each belongs to, matched as API Gateway matches them; pure.
///
/// Of the routes whose method (or `ANY`) and path match a request, the most specific path wins: segment by
/// segment, a literal beats `{name}`, which beats `{name+}` (so `GET /pets/dog/1` beats `GET /pets/dog/{id}`,
/// which beats `GET /pets/{proxy+}`); for the same path, the request's own method beats `ANY`. `$default` takes
/// what no route matches; with no `$default`, nothing: API Gateway answers 404 `{"message":"Not Found"}`.
/// Paths are case-sensitive and compared as sent (still percent-encoded), the query left out.
public struct APIRouteTable: Sendable, Equatable {
    /// One route and its function.
    public struct Entry: Sendable, Equatable {
        /// The parsed route.
        public var route: APIRoute
        /// The function's name.
        public var target: String

        /// Creates an entry.
        public init(route: APIRoute, target: String) {
            self.route = route
            self.target = target
        }
    }

    /// The routes, in the order given.
    public private(set) var entries: [Entry] = []

    /// A route key that is not one: neither `$default` nor `METHOD /path`.
    public struct InvalidRoute: Error, CustomStringConvertible, Sendable {
        /// The key as given.
        public var key: String
        /// What is wrong.
        public var description: String { "\"\(key)\" is not a route key: use $default or METHOD /path" }
    }

    /// Builds the table from each function's route keys.
    public init(_ routes: [(key: String, target: String)]) throws(InvalidRoute) {
        for (key, target) in routes {
            guard let route = APIRoute(key) else { throw InvalidRoute(key: key) }
            entries.append(Entry(route: route, target: target))
        }
    }

    /// A table of routes already parsed.
    public init(entries: [Entry]) {
        self.entries = entries
    }

    /// The route that answers `method` on `path` (a path without its query), or nil: API Gateway's 404.
    public func match(method: String, path: String) -> APIRouteMatch? {
        let method = method.uppercased()
        let pieces = path.hasPrefix("/") ? Self.pieces(of: path) : []
        var best: (entry: Entry, parameters: [String: String], rank: [Int])?
        for entry in entries where !entry.route.isDefault && path.hasPrefix("/") {
            guard entry.route.method == method || entry.route.method == "ANY",
                let parameters = entry.route.parameters(matching: pieces)
            else { continue }
            let rank = entry.route.specificity + [entry.route.method == "ANY" ? 0 : 1]
            if let current = best, !Self.isMoreSpecific(rank, than: current.rank) { continue }
            best = (entry, parameters, rank)
        }
        if let best {
            return APIRouteMatch(
                routeKey: best.entry.route.key, target: best.entry.target, pathParameters: best.parameters)
        }
        return entries.first { $0.route.isDefault }.map { APIRouteMatch(routeKey: "$default", target: $0.target) }
    }

    /// A path's segments after the leading `/` (`/` has none; `/a/` has `a` and an empty one).
    static func pieces(of path: String) -> [String] {
        let rest = path.dropFirst()
        return rest.isEmpty ? [] : rest.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
    }

    /// Whether one rank (per-segment specificity, then the method's) sorts before another: the first position that
    /// differs decides.
    static func isMoreSpecific(_ rank: [Int], than other: [Int]) -> Bool {
        for (mine, theirs) in zip(rank, other) where mine != theirs { return mine > theirs }
        return rank.count > other.count
    }
}
