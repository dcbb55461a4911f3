import Foundation
import Testing

@testable import HoistCore

/// `Fixtures/config-valid/functions.yml`: three functions, each with its triggers.
func validFunctionsFixture() throws -> String {
    let fixtures = try #require(Bundle.module.url(forResource: "Fixtures", withExtension: nil))
    return fixtures.appendingPathComponent("config-valid/functions.yml").path
}

/// The repository's `backend/hoist.yml` (the one-function form).
func backendConfigPath() -> String {
    URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("backend/hoist.yml").path
}

@Suite("hoist.yml functions:")
struct FunctionsConfigTests {
    @Test("the three-function fixture gives every field, defaults included")
    func validFixture() throws {
        let config = try HoistConfig.load(path: validFunctionsFixture())
        #expect(config.hasFunctionMap)
        #expect(config.functions == config.declaredFunctions)
        #expect(config.functions.map(\.name) == ["api", "worker", "nightly"])
        let api = try #require(config.functions.first)
        #expect(
            api
                == ProjectFunction(
                    name: "api", product: "bootstrap", handler: "bootstrap",
                    settings: FunctionConfig(memory: 256, timeout: 20, environment: ["LOG_LEVEL": "info"]),
                    sendsTo: ["worker"], routes: ["GET /movies", "POST /movies"],
                    url: URLTrigger(
                        auth: .none,
                        cors: CORSConfig(allowOrigins: ["https://movies.example.com"], allowMethods: ["GET", "POST"]))))
        var workerSettings = FunctionConfig(
            memory: 256, timeout: 60, environment: ["LOG_LEVEL": "debug", "DRAIN_MODE": "strict"])
        workerSettings.publicEnvironment = ["DRAIN_MODE"]
        let worker = config.functions[1]
        #expect(
            worker
                == ProjectFunction(
                    name: "worker", product: "Worker", settings: workerSettings, uses: ["movies"],
                    queue: QueueTrigger(batchSize: 5, maxReceives: 3)))
        let queue = try #require(worker.queue)
        #expect(queue.batchingWindow == 0 && queue.retentionDays == 4 && queue.partialBatchResponses)
        #expect(queue.visibilityTimeout == nil)
        #expect(queue.effectiveVisibilityTimeout(functionTimeout: worker.settings.timeout) == 360)
        let nightly = config.functions[2]
        #expect(
            nightly
                == ProjectFunction(
                    name: "nightly", product: "Nightly",
                    settings: FunctionConfig(memory: 1024, timeout: 20, environment: ["LOG_LEVEL": "info"]),
                    schedule: ScheduleTrigger(
                        expression: "cron(0 3 * * ? *)", timezone: nil, payload: #"{"job":"report","limit":10}"#)))
        // No function claims the top-level one-function keys.
        #expect(config.backend.product == nil && config.permissions.isEmpty && config.api.routes == .defaultRoute)
    }

    @Test("the top-level function: gives every function its defaults; each function's own keys win")
    func topLevelDefaults() throws {
        let config = try HoistConfig.load(path: validFunctionsFixture())
        #expect(config.function == FunctionConfig(memory: 256, timeout: 20, environment: ["LOG_LEVEL": "info"]))
        #expect(config.functions.map(\.settings.memory) == [256, 256, 1024])
        #expect(config.functions.map(\.settings.timeout) == [20, 60, 20])
        #expect(config.functions.map { $0.settings.environment["LOG_LEVEL"] } == ["info", "debug", "info"])
        #expect(config.functions.map(\.settings.reservedConcurrency) == [nil, nil, nil])
        let bare = try HoistConfig.parse(
            yaml: "project: movies\nfunctions:\n  api: {product: API}\n", file: "hoist.yml")
        #expect(bare.functions == [ProjectFunction(name: "api", product: "API")])
        #expect(bare.functions[0].settings == FunctionConfig(memory: 512, timeout: 10))
    }

    @Test("a stage's function: applies to every function")
    func stageOverride() throws {
        let config = try HoistConfig.load(path: validFunctionsFixture())
        let prod = try config.resolved(stage: "prod")
        #expect(prod.functions.map(\.settings.memory) == [2048, 2048, 2048])
        #expect(prod.functions.map(\.settings.timeout) == [20, 60, 20])
        #expect(prod.functions.map { $0.settings.environment["LOG_LEVEL"] } == ["info", "debug", "info"])
        let dev = try config.resolved(stage: "dev")
        #expect(dev.functions.map(\.settings.memory) == [256, 256, 1024])
        #expect(dev.functions == config.functions)
    }

    @Test("a stage's timeout that breaks the six-times visibility timeout is refused when the stage is resolved")
    func stageTimeoutAgainstVisibility() throws {
        let config = try HoistConfig.parse(
            yaml: """
                project: movies
                functions:
                  worker:
                    product: Worker
                    timeout: 10
                    queue: {visibility_timeout: 60}
                stages:
                  dev: {}
                  prod: {function: {timeout: 30}}
                """, file: "hoist.yml")
        #expect(config.functions[0].queue?.visibilityTimeout == 60)
        #expect(
            try config.resolved(stage: "dev").functions[0].queue?.effectiveVisibilityTimeout(functionTimeout: 10) == 60)
        let thrown = #expect(throws: HoistConfigErrors.self) { try config.resolved(stage: "prod") }
        #expect(thrown?.errors.map(\.code) == [.outOfRange])
        #expect(
            thrown?.errors.first?.message.contains(
                "functions.worker.queue.visibility_timeout 60 s is under six times the function's timeout in stage "
                    + "'prod' (30 s)") == true, "\(thrown?.description ?? "")")
    }

    @Test("a stage whose name ends in -<function> is refused: declared at its key, else when resolved")
    func stageNamedAfterFunction() throws {
        let declared = configErrors(
            """
            project: movies
            functions:
              worker: {product: Worker, queue: {}}
            stages:
              dev: {}
              dev-worker: {}
            """)
        #expect(declared.map(\.code) == [.invalidValue])
        #expect(declared.first.map { [$0.line, $0.column] } == [6, 3])
        #expect(
            declared.first?.message.hasPrefix("stage 'dev-worker' ends in '-worker', the name of a function") == true)
        let undeclared = try HoistConfig.parse(
            yaml: "project: movies\nfunctions:\n  worker: {product: Worker, queue: {}}\n", file: "hoist.yml")
        let thrown = #expect(throws: HoistConfigErrors.self) { try undeclared.resolved(stage: "dev-worker") }
        #expect(thrown?.errors.map(\.code) == [.invalidValue])
        #expect(
            thrown?.errors.first?.message.contains("its names would be those of function worker in stage 'dev'") == true
        )
        #expect(try undeclared.resolved(stage: "devworker").stage == "devworker")
        let byDefault = configErrors(
            "project: movies\ndefault_stage: dev-worker\nfunctions:\n  worker: {product: Worker, queue: {}}\n")
        #expect(byDefault.map { [$0.line, $0.column] } == [[2, 16]])
    }

    @Test("the one-function form is one function named after the project, using every table and secret")
    func oneFunctionForm() throws {
        let config = try HoistConfig.load(path: backendConfigPath())
        #expect(!config.hasFunctionMap)
        #expect(config.declaredFunctions.isEmpty)
        let functions = config.functions
        #expect(functions.count == 1)
        let function = try #require(functions.first)
        #expect(function.name == "movies-api")
        #expect(function.product == "bootstrap" && function.handler == "bootstrap")
        #expect(Set(function.uses) == ["movies", "users", "JWT_SECRET_KEY"])
        #expect(function.uses.count == 3)
        #expect(function.routes == ["$default"])
        #expect(function.settings == config.function)
        #expect(function.sendsTo.isEmpty && function.permissions.isEmpty)
        #expect(function.url == nil && function.schedule == nil && function.queue == nil)
        let prod = try config.resolved(stage: "prod")
        #expect(prod.functions.map(\.settings.memory) == [1024])
    }

    @Test("the short forms: queue: {}, url: true, url: false, schedule: rate(…), a nested payload")
    func shortForms() throws {
        let config = try HoistConfig.parse(
            yaml: """
                project: movies
                functions:
                  worker: {product: Worker, timeout: 30, queue: {}, url: true}
                  quiet: {product: Quiet, url: false, queue: {visibility_timeout: 180, partial_batch_responses: false}}
                  daily:
                    product: Daily
                    schedule: rate(1 day)
                  weekly:
                    product: Weekly
                    schedule:
                      expression: cron(0/15 * ? * MON-FRI *)
                      timezone: Europe/Paris
                      payload: {b: [1, true, null, "x\\"y"], a: {d: 1.5}}
                """, file: "hoist.yml")
        let functions = config.functions
        #expect(functions[0].queue == QueueTrigger())
        #expect(QueueTrigger() == QueueTrigger(batchSize: 10, batchingWindow: 0, maxReceives: 5, retentionDays: 4))
        #expect(functions[0].queue?.effectiveVisibilityTimeout(functionTimeout: 30) == 180)
        #expect(functions[0].url == URLTrigger(auth: .iam, cors: nil))
        #expect(functions[1].url == nil)
        #expect(functions[1].queue == QueueTrigger(visibilityTimeout: 180, partialBatchResponses: false))
        #expect(functions[2].schedule == ScheduleTrigger(expression: "rate(1 day)"))
        #expect(
            functions[3].schedule
                == ScheduleTrigger(
                    expression: "cron(0/15 * ? * MON-FRI *)", timezone: "Europe/Paris",
                    payload: #"{"a":{"d":1.5},"b":[1,true,null,"x\"y"]}"#))
        #expect(functions.allSatisfy { $0.routes.isEmpty })
    }

    @Test("Python functions take the top-level handler unless they name their own")
    func pythonHandlers() throws {
        let config = try HoistConfig.parse(
            yaml: """
                project: movies
                runtime: python3.12
                handler: app.handler
                functions:
                  api:
                  worker: {handler: jobs.drain, queue: {}}
                """, file: "hoist.yml")
        #expect(config.functions.map(\.handler) == ["app.handler", "jobs.drain"])
        #expect(config.functions.map(\.product) == [nil, nil])
    }

    @Test(
        "corpus errors carry the hint that says what to write",
        arguments: [
            ("functions-sends-to-unknown.yml", "did you mean 'worker'?"),
            ("functions-sends-to-no-queue.yml", "function 'mailer' has no queue trigger: give it queue: {}"),
            ("functions-uses-unknown-table.yml", "did you mean 'movies'?"),
            ("functions-unknown-key.yml", "did you mean 'memory'?"),
            ("functions-api-routes.yml", "give each function its routes: functions.<name>.http"),
            ("functions-swift-without-product.yml", "e.g. product: Worker"),
            ("functions-bad-architecture.yml", "did you mean 'arm64'? Lambda names it so"),
            (
                "functions-architecture-shared-layer.yml",
                "give every function the same architecture (set the top-level architecture and no function's)"
            ),
        ])
    func corpusHints(_ file: String, _ hint: String) throws {
        let path = try corpusDirectory().appendingPathComponent(file).path
        let errors = try #require(#expect(throws: HoistConfigErrors.self) { try HoistConfig.load(path: path) })
        #expect(errors.errors.map(\.hint) == [hint])
        #expect(errors.description.contains("(\(hint))"))
    }

    @Test("a function's architecture is its own, else the top-level one; the layer's is the functions' one")
    func architectures() throws {
        let config = try HoistConfig.parse(
            yaml: """
                project: movies
                architecture: arm64
                functions:
                  api: {product: API, http: $default}
                  worker: {product: Worker, architecture: x86_64, queue: {}}
                """, file: "hoist.yml")
        #expect(config.functions.map(\.architecture) == [.arm64, .x86_64])
        #expect(config.productBuilds.map(\.folder) == ["API", "Worker@x86_64"])
        let python = try HoistConfig.parse(
            yaml: """
                project: movies
                runtime: python3.12
                handler: app.handler
                requirements: [bcrypt]
                functions:
                  api: {architecture: arm64}
                  worker: {handler: jobs.drain, architecture: arm64}
                """, file: "hoist.yml")
        #expect(python.architecture == .x86_64)
        #expect(python.layerArchitecture == .arm64)
        #expect(python.productBuilds.isEmpty)
        // Without a layer, Python functions may differ.
        let mixed = try HoistConfig.parse(
            yaml: """
                project: movies
                runtime: python3.12
                handler: app.handler
                functions:
                  api: {}
                  worker: {handler: jobs.drain, architecture: arm64}
                """, file: "hoist.yml")
        #expect(mixed.functions.map(\.architecture) == [.x86_64, .arm64])
    }

    @Test("an environment variable of the top-level function: that a sends_to sets is placed at the sends_to item")
    func inheritedQueueVariable() {
        let errors = configErrors(
            """
            project: movies
            function:
              environment: {WORKER_QUEUE_URL: x}
            functions:
              api: {product: API, sends_to: [worker]}
              worker: {product: Worker, queue: {}}
            """)
        #expect(errors.map { [$0.line, $0.column] } == [[5, 34]])
        #expect(errors.first?.message.contains("'WORKER_QUEUE_URL' of functions.api is set by both sends_to") == true)
    }

    @Test("a batching_window that is wrong is reported alone, not again through batch_size")
    func batchingWindowAlone() {
        let errors = configErrors(
            "project: movies\nfunctions:\n  worker:\n    product: W\n    queue: {batch_size: 100, batching_window: 500}\n"
        )
        #expect(errors.map(\.code) == [.outOfRange])
        #expect(errors.first?.message.contains("batching_window must be between 0 and 300 seconds, got 500") == true)
        let fine = configErrors(
            "project: movies\nfunctions:\n  worker:\n    product: W\n    queue: {batch_size: 100, batching_window: 1}\n"
        )
        #expect(fine.isEmpty, "\(fine)")
    }
}

@Suite("ScheduleExpression")
struct ScheduleExpressionTests {
    @Test(
        "rate and cron expressions EventBridge Scheduler takes",
        arguments: [
            "rate(1 minute)", "rate(5 minutes)", "rate(1 hour)", "rate(12 hours)", "rate(1 day)", "rate(7 days)",
            "cron(0 3 * * ? *)", "cron(0/15 * ? * MON-FRI *)", "cron(15 10 ? * 6L 2030)", "cron(0 8 1,15 * ? *)",
            "cron(0-30/5 9-17 ? JAN-MAR MON *)",
        ])
    func accepted(_ expression: String) {
        #expect(ScheduleExpression.problem(expression) == nil)
    }

    @Test(
        "malformed expressions are refused with the reason",
        arguments: [
            ("rate(1 hours)", "write rate(1 hour)"),
            ("rate(5 minute)", "write rate(5 minutes)"),
            ("rate(0 minutes)", "a rate is a positive whole number and a unit, e.g. rate(5 minutes)"),
            ("rate(-2 days)", "a rate is a positive whole number and a unit, e.g. rate(5 minutes)"),
            ("rate(five minutes)", "a rate is a positive whole number and a unit, e.g. rate(5 minutes)"),
            ("rate(5)", "a rate is a positive whole number and a unit, e.g. rate(5 minutes)"),
            ("rate(2 weeks)", "the unit of a rate is minute(s), hour(s) or day(s), got 'weeks'"),
            (
                "cron(0 3 * * ?)",
                "a cron expression has 6 fields (minutes hours day-of-month month day-of-week year), got 5"
            ),
            ("cron(0 3 * * * *)", "exactly one of day-of-month (3rd field) and day-of-week (5th field) must be '?'"),
            ("cron(0 3 ? * ? *)", "exactly one of day-of-month (3rd field) and day-of-week (5th field) must be '?'"),
            ("cron(60 3 * * ? *)", "minutes must be 0–59, got 60"),
            ("cron(0 24 * * ? *)", "hours must be 0–23, got 24"),
            ("cron(0 3 0 * ? *)", "day-of-month must be 1–31, got 0"),
            ("cron(0 3 * * ? $)", "cron field '$' has characters a cron expression cannot hold"),
            ("at(2030-01-01T00:00:00)", "write rate(<n> <unit>) or cron(<6 fields>)"),
            ("daily", "write rate(<n> <unit>) or cron(<6 fields>)"),
            ("rate 5 minutes", "write rate(<n> <unit>) or cron(<6 fields>)"),
        ])
    func refused(_ expression: String, _ reason: String) {
        #expect(ScheduleExpression.problem(expression) == reason)
    }
}
