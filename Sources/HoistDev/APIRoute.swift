/// One HTTP API route key, parsed: `$default`, or a method (`ANY` for every one) and a path whose segments are
/// literal, `{name}` (one segment) or a final `{name+}` (greedy: one or more segments). Pure.
public struct APIRoute: Sendable, Equatable {
    /// One segment of a route's path.
    public enum Segment: Sendable, Equatable {
        /// Matches exactly this text (paths are case-sensitive).
        case literal(String)
        /// `{name}`: matches one non-empty segment, passed as the path parameter `name`.
        case variable(String)
        /// `{name+}`: matches the rest of the path, one segment or more, passed as `name`.
        case greedy(String)
    }

    /// The route key as written (`GET /movies/{id}`, `$default`).
    public var key: String
    /// The method, uppercased; nil for `$default`.
    public var method: String?
    /// The path's segments (after the leading `/`); empty for `$default` and for `/`.
    public var segments: [Segment]

    /// The `$default` route: what no other route matches.
    public static let catchAll = APIRoute(key: "$default", method: nil, segments: [])

    private init(key: String, method: String?, segments: [Segment]) {
        self.key = key
        self.method = method
        self.segments = segments
    }

    /// Whether this is the `$default` route.
    public var isDefault: Bool { method == nil }

    /// Parses a route key; nil when it is neither `$default` nor `METHOD /path` with well-formed variables.
    public init?(_ key: String) {
        if key == "$default" {
            self = .catchAll
            return
        }
        self.key = key
        let parts = key.split(separator: " ", maxSplits: 1).map(String.init)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].hasPrefix("/") else { return nil }
        method = parts[0].uppercased()
        let path = parts[1].dropFirst()
        var segments: [Segment] = []
        let pieces = path.isEmpty ? [] : path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        for (index, piece) in pieces.enumerated() {
            guard piece.hasPrefix("{"), piece.hasSuffix("}"), piece.count > 2 else {
                segments.append(.literal(piece))
                continue
            }
            let name = String(piece.dropFirst().dropLast())
            if name.hasSuffix("+") {
                guard index == pieces.count - 1, name.count > 1 else { return nil }
                segments.append(.greedy(String(name.dropLast())))
            } else {
                segments.append(.variable(name))
            }
        }
        self.segments = segments
    }

    /// The path parameters when `path`'s segments (split on `/`, still percent-encoded) match this route's path;
    /// nil when they do not. Values are percent-decoded, as API Gateway passes them.
    public func parameters(matching pieces: [String]) -> [String: String]? {
        var parameters: [String: String] = [:]
        for (index, segment) in segments.enumerated() {
            switch segment {
            case .literal(let text):
                guard index < pieces.count, pieces[index] == text else { return nil }
            case .variable(let name):
                guard index < pieces.count, !pieces[index].isEmpty else { return nil }
                parameters[name] = Self.decode(pieces[index])
            case .greedy(let name):
                let rest = pieces.dropFirst(index)
                guard !rest.isEmpty, rest.contains(where: { !$0.isEmpty }) else { return nil }
                parameters[name] = Self.decode(rest.joined(separator: "/"))
                return parameters
            }
        }
        return pieces.count == segments.count ? parameters : nil
    }

    /// How specific the route is, segment by segment (a literal over a variable over a greedy variable), for
    /// choosing among routes that all match: API Gateway takes the most specific.
    var specificity: [Int] {
        segments.map { segment in
            switch segment {
            case .literal: return 3
            case .variable: return 2
            case .greedy: return 1
            }
        }
    }

    private static func decode(_ text: String) -> String { text.removingPercentEncoding ?? text }
}
