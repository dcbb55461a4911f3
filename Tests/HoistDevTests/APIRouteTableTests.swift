import Foundation
import HoistDev
import Testing

/// Route matching as API Gateway (HTTP API) does it, and the HTTP front routing by it.
@Suite("HTTP API routes")
struct APIRouteTableTests {
    struct Case: Decodable {
        var method: String
        var path: String
        var routeKey: String
        var target: String
        var pathParameters: [String: String]
    }

    struct Cases: Decodable {
        var routes: [[String]]
        var requests: [Case]
    }

    static func cases() throws -> Cases {
        try JSONDecoder().decode(Cases.self, from: Data(try TestSupport.fixture("route_cases.json")))
    }

    @Test("exact over {param} over {proxy+}, the method over ANY, then $default (Fixtures/route_cases.json)")
    func documentedOrder() throws {
        let cases = try Self.cases()
        let table = try APIRouteTable(cases.routes.map { ($0[0], $0[1]) })
        for request in cases.requests {
            let match = table.match(method: request.method, path: request.path)
            #expect(
                match
                    == APIRouteMatch(
                        routeKey: request.routeKey, target: request.target, pathParameters: request.pathParameters),
                "\(request.method) \(request.path)")
        }
    }

    @Test("without $default, what no route matches has no route; a variable or greedy segment needs text")
    func noMatch() throws {
        let table = try APIRouteTable([("GET /movies", "movies"), ("GET /movies/{id}", "movies"), ("ANY /a/{p+}", "a")])
        #expect(table.match(method: "GET", path: "/movies")?.target == "movies")
        #expect(table.match(method: "POST", path: "/movies") == nil)
        #expect(table.match(method: "GET", path: "/movies/") == nil)
        #expect(table.match(method: "GET", path: "/movies/1/2") == nil)
        #expect(table.match(method: "GET", path: "/a") == nil)
        #expect(table.match(method: "GET", path: "/a/") == nil)
        #expect(table.match(method: "GET", path: "/a/b/")?.pathParameters == ["p": "b/"])
        #expect(table.match(method: "GET", path: "*") == nil)
    }

    @Test("route keys that are none are refused; a greedy variable only ends a path")
    func invalidKeys() {
        for key in ["GET", "/movies", "GET movies", "GET /{proxy+}/x", "GET /{+}", ""] {
            #expect(APIRoute(key) == nil, "\(key)")
            #expect(throws: APIRouteTable.InvalidRoute.self) { try APIRouteTable([(key, "f")]) }
        }
        #expect(APIRoute("get /{a}/{b+}")?.segments == [.variable("a"), .greedy("b")])
        #expect(APIRoute("get /{a}")?.method == "GET")
        #expect(APIRoute("$default")?.isDefault == true)
    }

    @Test("the front hands each request to its route's function with routeKey and pathParameters; none: 404")
    func frontRoutes() throws {
        let movies = FakeInvoker(.response(Array(#"{"statusCode":200,"body":"movies"}"#.utf8)))
        let users = FakeInvoker(.response(Array(#"{"statusCode":201,"body":"users"}"#.utf8)))
        let handler = HTTPFrontHandler(
            routing: try APIRouting([
                .init(name: "movies", routeKeys: ["GET /movies", "GET /movies/{id}"], invoker: movies, timeout: 3),
                .init(name: "users", routeKeys: ["ANY /users/{proxy+}"], invoker: users, timeout: 3),
            ]))
        func send(_ method: String, _ target: String) -> HTTPResponse {
            handler.respond(to: HTTPRequest(method: method, target: target), sourceIp: "127.0.0.1", requestId: "r")
        }
        #expect(send("GET", "/movies/42?full=1").text == "movies")
        #expect(send("PUT", "/users/ann/avatar").status == 201)
        let missing = send("GET", "/nothing")
        #expect(missing.status == 404)
        #expect(missing.text == #"{"message":"Not Found"}"#)
        #expect(missing.headers["Apigw-Requestid"] == "r")
        #expect(send("DELETE", "/movies").status == 404)
        #expect(movies.received.count == 1 && users.received.count == 1)
        let event = try JSONDecoder().decode(APIGatewayV2Event.self, from: Data(try #require(movies.received.first)))
        #expect(event.routeKey == "GET /movies/{id}")
        #expect(event.requestContext.routeKey == "GET /movies/{id}")
        #expect(event.pathParameters == ["id": "42"])
        #expect(event.queryStringParameters == ["full": "1"])
        let proxied = try JSONDecoder().decode(APIGatewayV2Event.self, from: Data(try #require(users.received.first)))
        #expect(proxied.pathParameters == ["proxy": "ann/avatar"])
        #expect(proxied.requestContext.http.method == "PUT")
    }

    @Test("one function on $default: every request, routeKey $default, no pathParameters (the one-function form)")
    func everything() throws {
        let invoker = FakeInvoker(.response(Array(#"{"ok":1}"#.utf8)))
        let handler = HTTPFrontHandler(invoker: invoker, timeout: 3)
        for target in ["/", "/a/b?c=d", "*"] {
            #expect(
                handler.respond(to: HTTPRequest(method: "PATCH", target: target), sourceIp: "::1", requestId: "r")
                    .status == 200)
        }
        let text = String(decoding: try #require(invoker.received.last), as: UTF8.self)
        #expect(text.contains(#""routeKey":"$default""#))
        #expect(!text.contains("pathParameters"))
    }

    @Test("a project server refuses a bad route key and two functions of one name")
    func projectServerChecks() throws {
        let launch = TestSupport.echoBootstrap
        #expect(throws: DevServerError.self) {
            try DevProjectServer(
                port: 0,
                functions: [.init(name: "a", routeKeys: ["GET movies"], launch: launch, functionArn: "arn")],
                log: { _ in })
        }
        #expect(throws: DevServerError.self) {
            try DevProjectServer(
                port: 0,
                functions: [
                    .init(name: "a", routeKeys: [], launch: launch, functionArn: "arn"),
                    .init(name: "a", routeKeys: [], launch: launch, functionArn: "arn"),
                ], log: { _ in })
        }
    }

    @Test("a project server runs each function's own processes and routes to them over its socket; stop ends all")
    func projectServerServes() throws {
        let functions = ["movies": "GET /movies/{id}", "users": "ANY /users"].map { name, route in
            DevFunctionConfiguration(
                name: name, routeKeys: [route], launch: TestSupport.echoBootstrap, timeout: 5,
                functionArn: "arn:aws:lambda:eu-west-1:000000000000:function:demo-dev-\(name)")
        }
        let server = try DevProjectServer(port: 0, functions: functions, log: { _ in })
        server.start()
        defer { server.stop() }
        let client = try TestClient(port: server.port)
        let movie = try client.send("GET", "/movies/7").json()
        #expect((movie["functionArn"] as? String)?.hasSuffix(":demo-dev-movies") == true)
        let event = try #require(movie["event"] as? [String: Any])
        #expect(event["routeKey"] as? String == "GET /movies/{id}")
        #expect(event["pathParameters"] as? [String: String] == ["id": "7"])
        let user = try client.send("POST", "/users", body: "{}").json()
        #expect((user["functionArn"] as? String)?.hasSuffix(":demo-dev-users") == true)
        #expect(try client.send("GET", "/other").status == 404)
        #expect(server.pool("movies") != nil && server.pool("none") == nil)
        server.stop()
        #expect(server.latency.count == 3)
    }
}
