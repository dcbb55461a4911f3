import Foundation
import Testing

@testable import HoistCore

/// Parses `yaml` and returns the errors it throws (empty when it parses).
func configErrors(_ yaml: String, file: String = "hoist.yml") -> [HoistConfigError] {
    do {
        _ = try HoistConfig.parse(yaml: yaml, file: file)
        return []
    } catch let errors as HoistConfigErrors {
        return errors.errors
    } catch {
        Issue.record("unexpected error type: \(error)")
        return []
    }
}

/// The minimal valid file plus `extra` lines.
func minimalConfig(_ extra: String = "") -> String {
    "project: movies-api\nbackend:\n  product: Backend\n" + extra
}

/// `templates/hoist.yml` at the repository root.
func templateURL() -> URL {
    URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("templates/hoist.yml")
}

@Suite("hoist.yml parsing")
struct ConfigParsingTests {
    @Test("a minimal file gets every default")
    func defaults() throws {
        let config = try HoistConfig.parse(yaml: minimalConfig(), file: "app/hoist.yml")
        #expect(config.project == "movies-api")
        #expect(config.region == nil)
        #expect(config.runtime == .providedAL2023)
        #expect(config.handler == "bootstrap")
        #expect(config.architecture == .x86_64)
        #expect(config.backend == BackendConfig(path: ".", product: "Backend"))
        #expect(config.function == FunctionConfig(memory: 512, timeout: 10, reservedConcurrency: nil, environment: [:]))
        #expect(config.layer.isEmpty && config.codeExtra.isEmpty)
        #expect(config.tables.isEmpty && config.secrets.isEmpty && config.admins.isEmpty)
        #expect(config.permissions.isEmpty)
        #expect(config.api == APIConfig(routes: .defaultRoute, cors: nil))
        #expect(config.logRetentionDays == nil)
        #expect(config.tags.isEmpty)
        #expect(config.upload.directLimitBytes == 10 * 1024 * 1024)
        #expect(config.upload.partSizeBytes == 8 * 1024 * 1024)
        #expect(config.defaultStage == "dev")
        #expect(config.stages.isEmpty)
        #expect(config.stage == nil)
        #expect(config.configFile == "app/hoist.yml")
        #expect(config.baseDirectory == "app")
        #expect(config.backendDirectory == "app")
    }

    @Test("table and secret defaults")
    func tableAndSecretDefaults() throws {
        let config = try HoistConfig.parse(
            yaml: minimalConfig(
                """
                tables:
                  users: {partition_key: username}
                  movie-ratings:
                    partition_key: {name: movieId, type: N}
                    sort_key: {name: user, type: S}
                  audit.log: {partition_key: id}
                secrets:
                  JWT_SECRET_KEY:
                  API_KEY: {length: 32, rotate_every: 30d}
                """), file: "hoist.yml")
        #expect(config.tables.first?.env == "AUDIT_LOG_TABLE")
        #expect(
            Array(config.tables.dropFirst()) == [
                TableConfig(
                    name: "movie-ratings", partitionKey: KeyAttribute(name: "movieId", type: .number),
                    sortKey: KeyAttribute(name: "user", type: .string), env: "MOVIE_RATINGS_TABLE"),
                TableConfig(
                    name: "users", partitionKey: KeyAttribute(name: "username", type: .string), sortKey: nil,
                    billing: .onDemand, pointInTimeRecovery: true, env: "USERS_TABLE"),
            ])
        #expect(
            config.secrets == [
                SecretConfig(name: "API_KEY", length: 32, env: "API_KEY_ARN", rotateEveryDays: 30),
                SecretConfig(name: "JWT_SECRET_KEY", length: 64, env: "JWT_SECRET_KEY_ARN", rotateEveryDays: nil),
            ])
    }

    @Test("a python runtime with a handler needs no product")
    func python() throws {
        let config = try HoistConfig.parse(
            yaml: "project: py\nruntime: python3.12\nhandler: app.handler\narchitecture: arm64\n", file: "hoist.yml")
        #expect(config.runtime == .python(minor: 12))
        #expect(config.runtime.identifier == "python3.12")
        #expect(config.handler == "app.handler")
        #expect(config.architecture == .arm64)
        #expect(config.backend.product == nil)
        #expect(config.requirements == nil)
    }

    @Test("python requirements as a file or as a list of specifiers")
    func pythonRequirements() throws {
        let base = "project: py\nruntime: python3.11\nhandler: lambda_function.lambda_handler\n"
        let file = try HoistConfig.parse(yaml: base + "requirements: requirements.txt\n", file: "hoist.yml")
        #expect(file.requirements == .file("requirements.txt"))
        let list = try HoistConfig.parse(
            yaml: base + "requirements:\n  - pyjwt==2.9.0\n  - \" passlib[bcrypt] \"\n", file: "hoist.yml")
        #expect(list.requirements == .list(["pyjwt==2.9.0", "passlib[bcrypt]"]))
        let mapping = configErrors(base + "requirements: {pyjwt: 2}\n")
        #expect(mapping.map(\.code) == [.wrongType])
        #expect(mapping.first?.line == 4)
        #expect(mapping.first?.column == 15)
        let empty = configErrors(base + "requirements: []\n")
        #expect(empty.map(\.message) == ["requirements is an empty list"])
    }

    @Test("routes as a list, CORS and permissions")
    func apiAndPermissions() throws {
        let config = try HoistConfig.parse(
            yaml: minimalConfig(
                """
                api:
                  routes: ["GET /movies", "POST /auth/login", "ANY /users/{proxy+}"]
                  cors: {allow_origins: ["*"], allow_methods: [get, POST], allow_headers: [authorization], max_age: 300}
                permissions:
                  - actions: ["s3:GetObject", "s3:List*"]
                    resources: ["arn:aws:s3:::bucket/*"]
                """), file: "hoist.yml")
        #expect(config.api.routes == .routes(["GET /movies", "POST /auth/login", "ANY /users/{proxy+}"]))
        #expect(
            config.api.cors
                == CORSConfig(
                    allowOrigins: ["*"], allowMethods: ["GET", "POST"], allowHeaders: ["authorization"], maxAge: 300))
        #expect(
            config.permissions == [
                PermissionStatement(actions: ["s3:GetObject", "s3:List*"], resources: ["arn:aws:s3:::bucket/*"])
            ])
    }

    @Test("layer and code_extra content, with the prefix defaults")
    func content() throws {
        let config = try HoistConfig.parse(
            yaml: minimalConfig(
                """
                layer:
                  - path: lib/
                    prefix: lib/
                    exclude: ["*.pyc"]
                  - path: data/cities.json
                code_extra:
                  - {path: static}
                """), file: "/srv/app/hoist.yml")
        #expect(
            config.layer == [
                ContentSource(path: "lib/", prefix: "lib/", exclude: ["*.pyc"]),
                ContentSource(path: "data/cities.json"),
            ])
        #expect(config.layer[1].effectivePrefix(isDirectory: false) == "cities.json")
        #expect(config.codeExtra == [ContentSource(path: "static")])
        #expect(config.codeExtra[0].effectivePrefix(isDirectory: true) == "")
        #expect(config.resolvePath("lib/") == "/srv/app/lib/")
        #expect(config.resolvePath("./data/x") == "/srv/app/data/x")
        #expect(config.resolvePath("/abs/x") == "/abs/x")
    }

    @Test("the template mentions every key of the schema")
    func templateMentionsEveryKey() throws {
        let text = try String(contentsOf: templateURL(), encoding: .utf8)
        let keys =
            HoistConfigParser.topLevelKeys + HoistConfigParser.functionKeys + HoistConfigParser.contentKeys
            + HoistConfigParser.tableKeys + HoistConfigParser.keyAttributeKeys + HoistConfigParser.secretKeys
            + HoistConfigParser.permissionKeys + HoistConfigParser.apiKeys + HoistConfigParser.corsKeys
            + HoistConfigParser.uploadKeys + HoistConfigParser.deployKeys + ["path", "product"]
            + HoistConfigParser.projectFunctionKeys + HoistConfigParser.urlKeys + HoistConfigParser.scheduleKeys
            + HoistConfigParser.queueKeys
        for key in keys {
            #expect(text.contains("\(key):"), "templates/hoist.yml does not mention '\(key)'")
        }
    }

    @Test("the template parses, with every section set")
    func template() throws {
        let url = templateURL()
        let config = try HoistConfig.load(path: url.path)
        #expect(config.project == "movies-api")
        #expect(config.backend.product == "Backend")
        #expect(config.function.environment == ["LOG_LEVEL": "info"])
        #expect(config.tables.map(\.name) == ["movies", "users"])
        #expect(config.tables.map(\.env) == ["MOVIES_TABLE", "USERS_TABLE"])
        #expect(config.secrets == [SecretConfig(name: "JWT_SECRET_KEY", length: 64, env: "JWT_SECRET_ARN")])
        #expect(config.logRetentionDays == 14)
        #expect(config.tags == ["team": "movies"])
        #expect(Set(config.stages.keys) == ["dev", "prod"])
        #expect(try config.resolved(stage: "prod").function.memory == 1024)
        #expect(try config.resolved(stage: "prod").logRetentionDays == 90)
        #expect(config.configFile == url.standardizedFileURL.path)
        #expect(config.baseDirectory == url.deletingLastPathComponent().standardizedFileURL.path)
    }
}
