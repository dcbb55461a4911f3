import LambdaRuntime
import Testing

@testable import MoviesAPI

@Suite struct RouterTests {
    let router = Router(routes: [
        Route("GET", "/movies", .public) { _ in APIGatewayV2Response(statusCode: 200) },
        Route("POST", "/movies", .signedIn) { _ in APIGatewayV2Response(statusCode: 201) },
        Route("GET", "/users/{username}/roles", .public) { _ in APIGatewayV2Response(statusCode: 200) },
    ])

    @Test func matchesMethodAndPathWithParameters() {
        guard case .found(let route, let parameters) = router.match(method: "get", path: "/users/ann/roles") else {
            Issue.record("no match")
            return
        }
        #expect(route.pattern == "/users/{username}/roles")
        #expect(parameters == ["username": "ann"])
    }

    @Test func trailingSlashIsIgnored() {
        guard case .found = router.match(method: "GET", path: "/movies/") else {
            Issue.record("no match")
            return
        }
    }

    @Test func unknownPathIsNotFound() {
        guard case .notFound = router.match(method: "GET", path: "/nothing") else {
            Issue.record("expected notFound")
            return
        }
        guard case .notFound = router.match(method: "GET", path: "/users//roles") else {
            Issue.record("an empty parameter must not match")
            return
        }
    }

    @Test func knownPathWithOtherMethodListsAllowed() {
        guard case .methodNotAllowed(let allowed) = router.match(method: "DELETE", path: "/movies") else {
            Issue.record("expected methodNotAllowed")
            return
        }
        #expect(allowed == ["GET", "POST"])
    }

    @Test func appAnswers404And405AsJSON() async {
        let app = makeApp()
        let missing = await call(app, "GET", "/nope")
        #expect(missing.status == 404)
        #expect(missing.errorCode == "route_not_found")
        let wrongMethod = await call(app, "PATCH", "/movies")
        #expect(wrongMethod.status == 405)
        #expect(wrongMethod.headers["allow"] == "GET, POST")
        #expect(wrongMethod.errorCode == "method_not_allowed")
        #expect(wrongMethod.headers["content-type"] == "application/json")
    }

    @Test func healthIsPublic() async {
        let answer = await call(makeApp(), "GET", "/health")
        #expect(answer.status == 200)
    }

    @Test func everyDesignRouteHasItsRule() {
        let rules = Dictionary(
            uniqueKeysWithValues: makeApp().router.routes.map { ("\($0.method) \($0.pattern)", $0.rule) })
        #expect(rules.count == 13)
        #expect(rules["POST /auth/register"] == .public)
        #expect(rules["POST /auth/login"] == .public)
        #expect(rules["GET /users/me"] == .signedIn)
        #expect(rules["PATCH /users/me"] == .signedIn)
        #expect(rules["GET /users/{username}"] == .anyRole([.admin]))
        #expect(rules["PUT /users/{username}/roles"] == .anyRole([.admin]))
        #expect(rules["DELETE /users/{username}"] == .adminOrSelf(parameter: "username"))
        #expect(rules["GET /movies"] == .public)
        #expect(rules["GET /movies/{movieId}"] == .public)
        #expect(rules["POST /movies"] == .anyRole([.editor, .admin]))
        #expect(rules["PUT /movies/{movieId}"] == .anyRole([.editor, .admin]))
        #expect(rules["DELETE /movies/{movieId}"] == .anyRole([.admin]))
        #expect(rules["GET /health"] == .public)
    }
}
