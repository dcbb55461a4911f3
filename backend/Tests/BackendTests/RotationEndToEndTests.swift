import Foundation
import HoistTestSupport
import Testing

/// Creates the tables and the secret `<project>/dev/JWT_SECRET_KEY` in moto with boto3.
let rotationSetupScript = #"""
    import json, sys, boto3
    cfg, project = json.load(open(sys.argv[1])), sys.argv[2]
    kw = dict(endpoint_url=cfg["endpoint"], region_name=cfg["region"],
              aws_access_key_id=cfg["accessKeyId"], aws_secret_access_key=cfg["secretAccessKey"])
    ddb = boto3.client("dynamodb", **kw)
    tables = {}
    for kind, key in (("users", "username"), ("movies", "movieId")):
        name = f"{project}-dev-{kind}"
        ddb.create_table(TableName=name, BillingMode="PAY_PER_REQUEST",
                         KeySchema=[{"AttributeName": key, "KeyType": "HASH"}],
                         AttributeDefinitions=[{"AttributeName": key, "AttributeType": "S"}])
        tables[kind] = name
    import secrets
    sm = boto3.client("secretsmanager", **kw)
    first = sm.create_secret(Name=f"{project}/dev/JWT_SECRET_KEY", SecretString=secrets.token_urlsafe(48))
    print(json.dumps({"users": tables["users"], "movies": tables["movies"], "arn": first["ARN"],
                      "name": f"{project}/dev/JWT_SECRET_KEY", "firstVersion": first["VersionId"]}))
    """#

/// Prints `{"stages": {version: [labels]}, "values": [every version's value]}` of a secret (test side only).
let secretDumpScript = #"""
    import json, sys, boto3
    cfg, name = json.load(open(sys.argv[1])), sys.argv[2]
    sm = boto3.client("secretsmanager", endpoint_url=cfg["endpoint"], region_name=cfg["region"],
                      aws_access_key_id=cfg["accessKeyId"], aws_secret_access_key=cfg["secretAccessKey"])
    stages = sm.describe_secret(SecretId=name).get("VersionIdsToStages", {})
    versions = sm.list_secret_version_ids(SecretId=name, IncludeDeprecated=True)["Versions"]
    values = [sm.get_secret_value(SecretId=name, VersionId=v["VersionId"]).get("SecretString", "") for v in versions]
    print(json.dumps({"stages": stages, "values": values}))
    """#

/// The root package's `hoist` (built by `swift build` at the root, as scripts/test.sh does first), or `HOIST_EXECUTABLE`.
enum HoistTool {
    static var executable: URL {
        if let path = ProcessInfo.processInfo.environment["HOIST_EXECUTABLE"], !path.isEmpty {
            return URL(fileURLWithPath: path)
        }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent(".build/debug/hoist")
    }

    typealias Run = ProcessResult

    /// Runs hoist against moto with a clean environment; the secret value never passes through here.
    static func run(_ arguments: [String], config: MotoTestBed, home: URL) throws -> Run {
        try ProcessRunner.run(
            executable, arguments + ["--endpoint-url", config.endpoint],
            environment: [
                "PATH": "/usr/bin:/bin", "HOME": home.path, "AWS_EC2_METADATA_DISABLED": "true",
                "AWS_ACCESS_KEY_ID": config.accessKeyId, "AWS_SECRET_ACCESS_KEY": config.secretAccessKey,
                "AWS_REGION": config.region,
            ])
    }
}

func kid(of token: String) -> String? {
    var header = String(token.split(separator: ".").first ?? "")
        .replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
    while header.count % 4 != 0 { header += "=" }
    let object = try? JSONSerialization.jsonObject(with: Data(base64Encoded: header) ?? Data())
    return (object as? [String: Any])?["kid"] as? String
}

@Suite(
    .serialized, .timeLimit(.minutes(5)),
    .enabled(if: MotoTestBed.shouldRun, "needs the moto test bed: run scripts/test.sh (sets HOIST_TEST_MOTO)"))
struct RotationEndToEndTests {
    @Test func tokensSurviveOneRotationByHoistAndTheOldestDiesAtTheSecond() async throws {
        let config = try MotoTestBed.bed()
        let project = "rot-" + String(UUID().uuidString.prefix(8)).lowercased()
        let setup =
            try JSONSerialization.jsonObject(
                with: Data(try python(rotationSetupScript, [config.statePath, project]).utf8))
            as! [String: String]
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("hoist-rotation-\(project)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let yml = folder.appendingPathComponent("hoist.yml")
        try """
        project: \(project)
        backend:
          product: bootstrap
        secrets:
          JWT_SECRET_KEY:
            env: JWT_SECRET_ARN
            rotate_every: 30d
        """.write(to: yml, atomically: true, encoding: .utf8)
        let hoist = HoistTool.executable
        try #require(
            FileManager.default.isExecutableFile(atPath: hoist.path), "build the root package first: \(hoist.path)")

        let runtime = try await RuntimeAPIServer.start()
        // A cache TTL of 0: every request reads the stages, so the test needs no sleep to see a rotation.
        let bootstrap = try BootstrapProcess(
            runtime: runtime,
            environment: [
                "USERS_TABLE": setup["users"]!, "MOVIES_TABLE": setup["movies"]!, "JWT_SECRET_ARN": setup["arn"]!,
                "SECRET_CACHE_TTL_SECONDS": "0", "AWS_ACCESS_KEY_ID": config.accessKeyId,
                "AWS_SECRET_ACCESS_KEY": config.secretAccessKey, "AWS_REGION": config.region,
                "AWS_ENDPOINT_URL": config.endpoint, "BCRYPT_COST": "4",
            ])
        defer { bootstrap.stop() }
        func send(_ method: String, _ path: String, body: String? = nil, token: String? = nil) async -> HTTPAnswer {
            HTTPAnswer(await runtime.invoke(Event.http(method, path, body: body, token: token)))
        }
        let credentials = #"{"username":"ann","password":"ann-password"}"#
        #expect(await send("POST", "/auth/register", body: credentials).status == 201, "\(bootstrap.log)")
        let first = await send("POST", "/auth/login", body: credentials).json["token"] as? String ?? ""
        #expect(kid(of: first) == setup["firstVersion"])

        var outputs: [String] = []
        let rotate = ["secrets", "rotate", "JWT_SECRET_KEY", "--config", yml.path]
        let once = try HoistTool.run(rotate, config: config, home: folder)
        outputs += [once.stdout, once.stderr]
        #expect(once.status == 0, "\(once.stderr)")
        let afterOne =
            try JSONSerialization.jsonObject(
                with: Data(try python(secretDumpScript, [config.statePath, setup["name"]!]).utf8))
            as! [String: Any]
        let stagesOne = afterOne["stages"] as! [String: [String]]
        let secondVersion = try #require(stagesOne.first { $0.value.contains("AWSCURRENT") }?.key)
        #expect(stagesOne[setup["firstVersion"]!] == ["AWSPREVIOUS"])
        #expect(once.stdout.contains(secondVersion))

        // The old token still works; a new login signs with the new version.
        #expect(await send("GET", "/users/me", token: first).status == 200, "\(bootstrap.log)")
        let second = await send("POST", "/auth/login", body: credentials).json["token"] as? String ?? ""
        #expect(kid(of: second) == secondVersion)

        let twice = try HoistTool.run(rotate, config: config, home: folder)
        outputs += [twice.stdout, twice.stderr]
        #expect(twice.status == 0, "\(twice.stderr)")
        #expect(await send("GET", "/users/me", token: first).status == 401)
        #expect(await send("GET", "/users/me", token: second).status == 200)

        // Three versions, newest first: AWSCURRENT, AWSPREVIOUS, none.
        let status = try HoistTool.run(
            ["secrets", "status", "--config", yml.path, "--format", "json"], config: config, home: folder)
        outputs += [status.stdout, status.stderr]
        #expect(status.status == 0, "\(status.stderr)")
        let document = try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [String: Any]
        let secrets = document?["secrets"] as? [[String: Any]] ?? []
        let versions = secrets.first?["versions"] as? [[String: Any]] ?? []
        #expect(versions.map { $0["stages"] as? [String] ?? ["?"] } == [["AWSCURRENT"], ["AWSPREVIOUS"], []])
        #expect(versions.last?["versionId"] as? String == setup["firstVersion"])
        #expect(versions.dropFirst().first?["versionId"] as? String == secondVersion)

        // No value of any version in anything hoist or the backend wrote.
        let dump =
            try JSONSerialization.jsonObject(
                with: Data(try python(secretDumpScript, [config.statePath, setup["name"]!]).utf8))
            as! [String: Any]
        let values = dump["values"] as! [String]
        #expect(values.count == 3)
        let files = (FileManager.default.enumerator(atPath: folder.path)?.allObjects as? [String] ?? [])
            .compactMap { try? String(contentsOf: folder.appendingPathComponent($0), encoding: .utf8) }
        for value in values where !value.isEmpty {
            for text in outputs + files + [bootstrap.log] { #expect(!text.contains(value)) }
        }
    }

    @Test func theRotationHandlerRunsTheFourStepsAgainstMoto() async throws {
        let config = try MotoTestBed.bed()
        let project = "rh-" + String(UUID().uuidString.prefix(8)).lowercased()
        let setup =
            try JSONSerialization.jsonObject(
                with: Data(try python(rotationSetupScript, [config.statePath, project]).utf8))
            as! [String: String]
        let runtime = try await RuntimeAPIServer.start()
        let handler = try BootstrapProcess(
            runtime: runtime,
            environment: [
                "HOIST_ROTATION_HANDLER": "1", "JWT_SECRET_ARN": setup["arn"]!, "AWS_ACCESS_KEY_ID": config.accessKeyId,
                "AWS_SECRET_ACCESS_KEY": config.secretAccessKey, "AWS_REGION": config.region,
                "AWS_ENDPOINT_URL": config.endpoint,
            ])
        defer { handler.stop() }
        func stages() throws -> [String: [String]] {
            let dump =
                try JSONSerialization.jsonObject(
                    with: Data(try python(secretDumpScript, [config.statePath, setup["name"]!]).utf8))
                as! [String: Any]
            return dump["stages"] as! [String: [String]]
        }
        let token = UUID().uuidString.lowercased()
        func step(_ name: String, secretId: String? = nil) async -> RuntimeAPIServer.Outcome {
            // Secrets Manager's event shape; moto and AWS send the secret's name or ARN.
            let event = ["SecretId": secretId ?? setup["name"]!, "ClientRequestToken": token, "Step": name]
            return await runtime.invoke(Array(try! JSONSerialization.data(withJSONObject: event)))
        }
        let first = setup["firstVersion"]!
        #expect(await step("createSecret").kind == "response", "\(handler.log)")
        #expect(try stages() == [first: ["AWSCURRENT"], token: ["AWSPENDING"]])
        #expect(await step("createSecret").kind == "response")  // a retried step keeps the value
        #expect(await step("setSecret").kind == "response")
        #expect(await step("testSecret").kind == "response")
        #expect(await step("finishSecret").kind == "response", "\(handler.log)")
        #expect(try stages() == [first: ["AWSPREVIOUS"], token: ["AWSCURRENT"]])
        #expect(await step("createSecret", secretId: "\(project)/dev/OTHER").kind == "error")

        let dump =
            try JSONSerialization.jsonObject(
                with: Data(try python(secretDumpScript, [config.statePath, setup["name"]!]).utf8))
            as! [String: Any]
        let values = dump["values"] as! [String]
        #expect(values.count == 2)
        #expect(values.allSatisfy { $0.utf8.count >= 64 })
        for value in values { #expect(!handler.log.contains(value)) }
    }
}
