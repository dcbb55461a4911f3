import Foundation
import Testing

@testable import HoistCore

let stagedYAML = """
    project: movies-api
    region: us-east-1
    backend: {path: backend, product: Backend}
    function:
      memory: 512
      timeout: 10
      environment: {LOG_LEVEL: info, FEATURE: off}
    tables:
      users: {partition_key: username}
      movies: {partition_key: movieId, billing: on_demand}
    admins: [alice]
    api:
      cors: {allow_origins: ["*"]}
    log_retention_days: 14
    tags: {team: movies, cost: shared}
    upload: {direct_limit_mb: 10}
    stages:
      dev: {}
      prod:
        region: eu-west-1
        function:
          memory: 1024
          reserved_concurrency: 50
          environment: {LOG_LEVEL: warning}
        tables:
          users: {billing: provisioned, point_in_time_recovery: false}
        admins: [bob, carol]
        log_retention_days: 90
        tags: {cost: prod}
        api:
          cors: {allow_origins: ["https://movies.example.com"], max_age: 600}
        upload: {part_size_mb: 16}
    """

@Suite("stage overrides")
struct ConfigStageTests {
    @Test("prod's overrides are applied onto the base")
    func prodOverrides() throws {
        let base = try HoistConfig.parse(yaml: stagedYAML, file: "hoist.yml")
        let prod = try base.resolved(stage: "prod")
        #expect(prod.stage == "prod")
        #expect(prod.stageName == "prod")
        #expect(base.stageName == "dev" && base.stage == nil)
        #expect(prod.region == "eu-west-1")
        #expect(prod.function.memory == 1024)
        #expect(prod.function.timeout == 10)
        #expect(prod.function.reservedConcurrency == 50)
        #expect(prod.function.environment == ["LOG_LEVEL": "warning", "FEATURE": "off"])
        let users = try #require(prod.tables.first { $0.name == "users" })
        #expect(users.billing == .provisioned && !users.pointInTimeRecovery)
        let movies = try #require(prod.tables.first { $0.name == "movies" })
        #expect(movies.billing == .onDemand && movies.pointInTimeRecovery)
        #expect(prod.admins == ["bob", "carol"])
        #expect(prod.logRetentionDays == 90)
        #expect(prod.tags == ["team": "movies", "cost": "prod"])
        #expect(prod.api.cors == CORSConfig(allowOrigins: ["https://movies.example.com"], maxAge: 600))
        #expect(prod.api.routes == .defaultRoute)
        #expect(prod.upload == UploadConfig(directLimitBytes: 10 * 1024 * 1024, partSizeBytes: 16 * 1024 * 1024))
        #expect(prod.backend == base.backend)
    }

    @Test("no stage means the default stage, which here overrides nothing")
    func defaultStage() throws {
        let base = try HoistConfig.parse(yaml: stagedYAML, file: "hoist.yml")
        let dev = try base.resolved()
        #expect(dev.stage == "dev")
        var expected = base
        expected.stage = "dev"
        #expect(dev == expected)
        #expect(try base.resolved(stage: "dev") == dev)
    }

    @Test("default_stage picks the stage used without --stage")
    func declaredDefaultStage() throws {
        let yaml = stagedYAML.replacingOccurrences(of: "stages:\n", with: "default_stage: prod\nstages:\n")
        let config = try HoistConfig.parse(yaml: yaml, file: "hoist.yml")
        #expect(config.defaultStage == "prod")
        #expect(try config.resolved().function.memory == 1024)
    }

    @Test("an unknown stage names the declared ones")
    func unknownStage() throws {
        let base = try HoistConfig.parse(yaml: stagedYAML, file: "hoist.yml")
        let errors = #expect(throws: HoistConfigErrors.self) { try base.resolved(stage: "prd") }
        let error = try #require(errors?.errors.first)
        #expect(errors?.errors.count == 1)
        #expect(error.code == .unknownStage)
        #expect(error.message == "unknown stage 'prd'; the configuration declares: dev, prod")
        #expect(error.hint == "did you mean 'prod'?")
        #expect(error.description.hasPrefix("hoist.yml: error: unknown stage 'prd'"))
    }

    @Test("without stages any valid name is a stage with no overrides; a bad name is refused")
    func undeclaredStages() throws {
        let config = try HoistConfig.parse(yaml: minimalConfig("function: {memory: 256}\n"), file: "hoist.yml")
        let qa = try config.resolved(stage: "qa-2")
        #expect(qa.stage == "qa-2" && qa.function.memory == 256)
        let errors = #expect(throws: HoistConfigErrors.self) { try config.resolved(stage: "QA") }
        #expect(errors?.errors.map(\.code) == [.invalidValue])
    }

    @Test("the resolved environment is checked for the stage's own names")
    func resolvedEnvironmentSize() throws {
        // 4096 bytes minus the generated USERS_TABLE=movies-api-<stage>-users leaves room for a short stage only.
        let generated = "USERS_TABLE".count + "movies-api--users".count
        let filler = String(repeating: "x", count: 4096 - generated - "BIG".count - "dev".count)
        let config = try HoistConfig.parse(
            yaml: minimalConfig(
                "function: {environment: {BIG: \(filler)}}\ntables: {users: {partition_key: id}}\n"), file: "hoist.yml")
        #expect(config.environmentSize(stage: "dev") == 4096)
        #expect(try config.resolved(stage: "dev").stage == "dev")
        let errors = #expect(throws: HoistConfigErrors.self) { try config.resolved(stage: "prod") }
        #expect(errors?.errors.map(\.code) == [.outOfRange])
    }

    @Test("the generated environment carries tables, secret ARNs and admins")
    func generatedEnvironment() throws {
        let config = try HoistConfig.parse(
            yaml: minimalConfig(
                """
                tables: {users: {partition_key: username}, movies: {partition_key: movieId, env: FILMS}}
                secrets: {JWT_SECRET_KEY: {env: JWT_SECRET_ARN}}
                admins: [alice, bob]
                function: {environment: {LOG_LEVEL: info}}
                """), file: "hoist.yml")
        let environment = config.generatedEnvironment(stage: "dev", region: "us-east-1", account: "123456789012")
        #expect(
            environment == [
                "LOG_LEVEL": "info", "USERS_TABLE": "movies-api-dev-users", "FILMS": "movies-api-dev-movies",
                "JWT_SECRET_ARN":
                    "arn:aws:secretsmanager:us-east-1:123456789012:secret:movies-api/dev/JWT_SECRET_KEY-XXXXXX",
                "ADMIN_USERNAMES": "alice,bob",
            ])
    }
}
