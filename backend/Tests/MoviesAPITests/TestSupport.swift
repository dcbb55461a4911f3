import Foundation
import LambdaRuntime
import MoviesAPI

/// A fixed key set for tests.
let testKeys = SigningKeys(
    current: SigningKey(kid: "v-current", secret: Array("current-secret-0123456789abcdef0123".utf8)),
    previous: SigningKey(kid: "v-previous", secret: Array("previous-secret-0123456789abcdef012".utf8)))

/// An answer, decoded for assertions.
struct Answer {
    var status: Int
    var headers: [String: String]
    var body: String
    var json: [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Any] ?? [:]
    }
    var errorCode: String? { (json["error"] as? [String: Any])?["code"] as? String }
}

/// An app over in-memory stores, bcrypt cost 4 for speed.
func makeApp(admins: Set<String> = ["root"], now: @escaping @Sendable () -> Date = { Date() }) -> MoviesApp {
    MoviesApp(
        users: InMemoryUserStore(), movies: InMemoryMovieStore(),
        tokens: TokenService(keyProvider: StaticKeyProvider(testKeys), now: now), hasher: PasswordHasher(cost: 4),
        adminUsernames: admins, logger: JSONLogger(sink: { _ in }), now: now)
}

/// Sends one request through the app.
func call(
    _ app: MoviesApp, _ method: String, _ path: String, json: String? = nil, token: String? = nil,
    query: [String: String]? = nil
) async -> Answer {
    var headers: [String: String] = ["content-type": "application/json"]
    if let token { headers["authorization"] = "Bearer \(token)" }
    let request = APIGatewayV2Request(method: method, path: path, query: query, headers: headers, body: json)
    let response = await app.handle(request, requestId: "test-request")
    return Answer(status: response.statusCode, headers: response.headers ?? [:], body: response.body ?? "")
}

/// Registers a user and returns a token for it.
func registerAndLogin(_ app: MoviesApp, _ username: String, password: String = "correct horse") async -> String {
    _ = await call(app, "POST", "/auth/register", json: #"{"username":"\#(username)","password":"\#(password)"}"#)
    let login = await call(app, "POST", "/auth/login", json: #"{"username":"\#(username)","password":"\#(password)"}"#)
    return login.json["token"] as? String ?? ""
}

/// Registers a user, promotes it through the operator task (as an operator would), and returns a token.
func registerAdmin(_ app: MoviesApp, _ username: String = "root", password: String = "correct horse") async -> String {
    _ = await call(app, "POST", "/auth/register", json: #"{"username":"\#(username)","password":"\#(password)"}"#)
    _ = try? await app.run(AdminTask(.promote, username: username))
    let login = await call(app, "POST", "/auth/login", json: #"{"username":"\#(username)","password":"\#(password)"}"#)
    return login.json["token"] as? String ?? ""
}

/// Gives a user roles as the admin `root` and returns a fresh token for the user.
func grant(_ app: MoviesApp, _ username: String, roles: [String], password: String = "correct horse") async -> String {
    let admin = await registerAdmin(app, "root")
    let list = roles.map { "\"\($0)\"" }.joined(separator: ",")
    _ = await call(app, "PUT", "/users/\(username)/roles", json: #"{"roles":[\#(list)]}"#, token: admin)
    let login = await call(app, "POST", "/auth/login", json: #"{"username":"\#(username)","password":"\#(password)"}"#)
    return login.json["token"] as? String ?? ""
}
