import Foundation
import HoistTestSupport
import Testing

/// A helper that could not run (python, a missing tool), or a file that is not what a test needs.
struct MotoUnavailable: Error {
    var reason: String
}

/// Creates the tables and a rotated secret in moto with boto3; prints their names and versions as JSON.
let motoSetupScript = #"""
    import json, sys, boto3
    cfg, suffix = json.load(open(sys.argv[1])), sys.argv[2]
    kw = dict(endpoint_url=cfg["endpoint"], region_name=cfg["region"],
              aws_access_key_id=cfg["accessKeyId"], aws_secret_access_key=cfg["secretAccessKey"])
    ddb = boto3.client("dynamodb", **kw)
    tables = {}
    for kind, key in (("users", "username"), ("movies", "movieId")):
        name = f"e2e-{suffix}-{kind}"
        ddb.create_table(TableName=name, BillingMode="PAY_PER_REQUEST",
                         KeySchema=[{"AttributeName": key, "KeyType": "HASH"}],
                         AttributeDefinitions=[{"AttributeName": key, "AttributeType": "S"}])
        tables[kind] = name
    sm = boto3.client("secretsmanager", **kw)
    first = sm.create_secret(Name=f"e2e-{suffix}/JWT_SECRET_KEY", SecretString="first-" + suffix * 4)
    second = sm.put_secret_value(SecretId=first["ARN"], SecretString="second-" + suffix * 4)
    print(json.dumps({"users": tables["users"], "movies": tables["movies"], "arn": first["ARN"],
                      "previousVersion": first["VersionId"], "previousSecret": "first-" + suffix * 4,
                      "currentVersion": second["VersionId"]}))
    """#

/// Signs a token with PyJWT (for the AWSPREVIOUS check).
let pyJWTSignScript = #"""
    import sys, time, jwt
    now = int(time.time())
    claims = {"sub": sys.argv[3], "roles": ["user"], "iat": now, "exp": now + 300, "iss": "movies-api"}
    if len(sys.argv) > 4:
        claims["stamp"] = sys.argv[4]
    print(jwt.encode(claims, sys.argv[1], algorithm="HS256", headers={"kid": sys.argv[2]}))
    """#

/// Runs a Python helper; its standard output, trimmed, or an error when it fails.
func python(_ script: String, _ arguments: [String]) throws -> String {
    let result = try ProcessRunner.python(script, arguments)
    guard result.status == 0 else { throw MotoUnavailable(reason: "python helper failed: \(result.stderr)") }
    return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
}

/// The claims of a token, decoded without checking it.
func claims(of token: String) -> [String: Any] {
    let parts = token.split(separator: ".")
    guard parts.count == 3 else { return [:] }
    var base64 = String(parts[1]).replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
    while base64.count % 4 != 0 { base64 += "=" }
    let object = try? JSONSerialization.jsonObject(with: Data(base64Encoded: base64) ?? Data())
    return object as? [String: Any] ?? [:]
}

@Suite(
    .serialized, .timeLimit(.minutes(5)),
    .enabled(if: MotoTestBed.shouldRun, "needs the moto test bed: run scripts/test.sh (sets HOIST_TEST_MOTO)"))
struct EndToEndTests {
    @Test func registerLoginCreateListDeleteAgainstMoto() async throws {
        let config = try MotoTestBed.bed()
        let suffix = String(UUID().uuidString.prefix(8)).lowercased()
        let setup =
            try JSONSerialization.jsonObject(
                with: Data(try python(motoSetupScript, [config.statePath, suffix]).utf8))
            as! [String: String]
        let runtime = try await RuntimeAPIServer.start()
        let environment = [
            "USERS_TABLE": setup["users"]!, "MOVIES_TABLE": setup["movies"]!, "JWT_SECRET_ARN": setup["arn"]!,
            "ADMIN_USERNAMES": "root", "AWS_ACCESS_KEY_ID": config.accessKeyId,
            "AWS_SECRET_ACCESS_KEY": config.secretAccessKey, "AWS_REGION": config.region,
            "AWS_ENDPOINT_URL": config.endpoint,
        ]
        let bootstrap = try BootstrapProcess(runtime: runtime, environment: environment)
        defer { bootstrap.stop() }
        func send(_ method: String, _ path: String, body: String? = nil, token: String? = nil, query: String = "")
            async -> HTTPAnswer
        {
            HTTPAnswer(await runtime.invoke(Event.http(method, path, body: body, token: token, query: query)))
        }

        // Register (and a second registration of the same name), log in.
        let credentials = #"{"username":"ann","password":"ann-password"}"#
        let registered = await send("POST", "/auth/register", body: credentials)
        #expect(registered.status == 201, "\(registered.raw)\n\(bootstrap.log)")
        #expect(await send("POST", "/auth/register", body: credentials).status == 409)
        // root is in ADMIN_USERNAMES, yet registering it publicly gives no admin role: the operator task does.
        let rootRegistered = await send(
            "POST", "/auth/register", body: #"{"username":"root","password":"root-password"}"#)
        #expect(rootRegistered.status == 201)
        #expect(rootRegistered.json["roles"] as? [String] == ["user"])
        let promoted = await runtime.invoke(Array(#"{"hoist_admin":{"promote":"root"}}"#.utf8))
        #expect(promoted.kind == "response", "\(promoted.text)\n\(bootstrap.log)")
        #expect(promoted.text == #"{"hoist_admin":{"roles":["admin","user"],"username":"root"}}"#)
        let wrong = await send("POST", "/auth/login", body: #"{"username":"ann","password":"not-her-password"}"#)
        #expect(wrong.status == 401)
        let annLogin = await send("POST", "/auth/login", body: credentials)
        #expect(annLogin.status == 200, "\(annLogin.raw)\n\(bootstrap.log)")
        let rootLogin = await send("POST", "/auth/login", body: #"{"username":"root","password":"root-password"}"#)
        let annToken = annLogin.json["token"] as? String ?? ""
        let rootToken = rootLogin.json["token"] as? String ?? ""
        var headerBase64 = String(annToken.split(separator: ".").first ?? "")
            .replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while headerBase64.count % 4 != 0 { headerBase64 += "=" }
        let header = try JSONSerialization.jsonObject(with: Data(base64Encoded: headerBase64) ?? Data())
        #expect((header as? [String: Any])?["kid"] as? String == setup["currentVersion"])

        // ann is a plain user: creating is forbidden until root makes her an editor.
        let dune = #"{"title":"Dune","year":2021,"genres":["sci-fi"],"director":"Denis Villeneuve"}"#
        #expect(await send("POST", "/movies", body: dune, token: annToken).status == 403)
        let roles = await send("PUT", "/users/ann/roles", body: #"{"roles":["user","editor"]}"#, token: rootToken)
        #expect(roles.status == 200, "\(roles.raw)")
        // Roles come from the table on each request: ann's token from before the grant now creates too.
        #expect(await send("POST", "/movies", body: #"{"title":"Heat","year":1995}"#, token: annToken).status == 201)
        let editorLogin = await send("POST", "/auth/login", body: credentials)
        let editorToken = editorLogin.json["token"] as? String ?? ""
        // One character of 300 KB of combining marks: refused as too large, not a 500 from DynamoDB.
        let huge = "a" + String(repeating: "\u{301}", count: 150_000)
        let tooLarge = await send("POST", "/movies", body: #"{"title":"\#(huge)","year":2000}"#, token: editorToken)
        #expect(tooLarge.status == 413, "\(tooLarge.raw)")
        let created = await send("POST", "/movies", body: dune, token: editorToken)
        #expect(created.status == 201, "\(created.raw)\n\(bootstrap.log)")
        let movieId = created.json["movieId"] as? String ?? ""
        #expect(created.json["createdBy"] as? String == "ann")
        _ = await send("POST", "/movies", body: #"{"title":"Alien","year":1979}"#, token: editorToken)

        // List in pages of one through the opaque cursor.
        var seen: [String] = []
        var cursor: String?
        repeat {
            let page = await send("GET", "/movies", query: "limit=1" + (cursor.map { "&cursor=\($0)" } ?? ""))
            #expect(page.status == 200, "\(page.raw)")
            seen += (page.json["items"] as? [[String: Any]] ?? []).compactMap { $0["movieId"] as? String }
            cursor = page.json["nextCursor"] as? String
        } while cursor != nil && seen.count < 5
        #expect(seen.count == 3)
        #expect(seen.contains(movieId))

        // Delete: an editor may not, an admin may.
        #expect(await send("DELETE", "/movies/\(movieId)", token: editorToken).status == 403)
        let deleted = await send("DELETE", "/movies/\(movieId)", token: rootToken)
        #expect(deleted.status == 204, "\(deleted.raw)")
        #expect(await send("GET", "/movies/\(movieId)").status == 404)

        // The password hash never leaves; a token of the AWSPREVIOUS version still signs in.
        let me = await send("GET", "/users/me", token: editorToken)
        #expect(me.status == 200)
        #expect(!me.raw.contains("$2b$"))
        let stamp = try #require(claims(of: editorToken)["stamp"] as? String)
        let previousToken = try python(
            pyJWTSignScript, [setup["previousSecret"]!, setup["previousVersion"]!, "ann", stamp])
        #expect(await send("GET", "/users/me", token: previousToken).status == 200)
        let unknownKid = try python(pyJWTSignScript, [setup["previousSecret"]!, "not-a-version", "ann", stamp])
        #expect(await send("GET", "/users/me", token: unknownKid).status == 401)
        #expect(!bootstrap.log.contains(setup["previousSecret"]!))
        #expect(!bootstrap.log.contains("second-\(suffix)"))

        // A password change revokes every token of the account; a deleted account's tokens stop working.
        let change = #"{"currentPassword":"ann-password","newPassword":"ann-password-2"}"#
        #expect(await send("PATCH", "/users/me", body: change, token: editorToken).status == 204)
        #expect(await send("GET", "/users/me", token: annToken).status == 401)
        #expect(await send("GET", "/users/me", token: previousToken).status == 401)
        #expect(await send("DELETE", "/users/root", token: rootToken).status == 204)
        #expect(await send("GET", "/users/me", token: rootToken).status == 401)

        // Two bootstraps (two Lambda environments) register the same name at once: the conditional put
        // lets exactly one win.
        let second = try BootstrapProcess(runtime: runtime, environment: environment)
        defer { second.stop() }
        let clock = ContinuousClock()
        let waitUntil = clock.now + .seconds(10)
        while runtime.waitingForNext < 2 && clock.now < waitUntil { try await Task.sleep(for: .milliseconds(10)) }
        #expect(runtime.waitingForNext == 2)
        async let first = send("POST", "/auth/register", body: #"{"username":"racer","password":"password-1"}"#)
        async let other = send("POST", "/auth/register", body: #"{"username":"racer","password":"password-2"}"#)
        let statuses = await [first.status, other.status].sorted()
        #expect(statuses == [201, 409], "\(second.log)")
    }
}
