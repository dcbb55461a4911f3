import Foundation
import Testing

@testable import HoistCore

/// One error a corpus file must produce: position, code and a fragment of the message.
struct ExpectedConfigError: Sendable, CustomStringConvertible {
    let line: Int
    let column: Int
    let code: HoistConfigError.Code
    let fragment: String

    init(_ line: Int, _ column: Int, _ code: HoistConfigError.Code, _ fragment: String) {
        self.line = line
        self.column = column
        self.code = code
        self.fragment = fragment
    }

    var description: String { "\(line):\(column) [\(code)] …\(fragment)…" }
}

/// A malformed file in `Fixtures/config` and every error it must produce, in order.
struct CorpusCase: Sendable, CustomStringConvertible {
    let file: String
    let expected: [ExpectedConfigError]

    init(_ file: String, _ expected: ExpectedConfigError...) {
        self.file = file
        self.expected = expected
    }

    var description: String { file }
}

/// The malformed `hoist.yml` corpus and what each file must say.
let corpus: [CorpusCase] = [
    CorpusCase("syntax-unclosed-flow.yml", .init(5, 9, .yamlSyntax, "did not find expected ',' or '}'")),
    CorpusCase("tab-indentation.yml", .init(3, 1, .yamlSyntax, "found character that cannot start any token")),
    CorpusCase("unknown-top-level-key.yml", .init(4, 1, .unknownKey, "unknown key 'regoin'")),
    CorpusCase("misspelled-nested-key.yml", .init(5, 3, .unknownKey, "unknown key 'memroy' in function")),
    CorpusCase("memory-string.yml", .init(5, 11, .wrongType, "function.memory must be a whole number, got a string")),
    CorpusCase("tables-list.yml", .init(4, 9, .wrongType, "tables must be a mapping, got a list")),
    CorpusCase("memory-64.yml", .init(5, 11, .outOfRange, "between 128 and 10240 MB, got 64")),
    CorpusCase("memory-20000.yml", .init(5, 11, .outOfRange, "between 128 and 10240 MB, got 20000")),
    CorpusCase("timeout-zero.yml", .init(5, 12, .outOfRange, "function.timeout must be between 1 and 900 seconds")),
    CorpusCase("environment-too-large.yml", .init(6, 5, .outOfRange, "over Lambda's 4096-byte limit")),
    CorpusCase("reserved-env-name.yml", .init(7, 5, .invalidValue, "'AWS_REGION' is reserved by Lambda")),
    CorpusCase("bad-env-name.yml", .init(6, 5, .invalidValue, "'1ST_VAR' is not a valid environment variable name")),
    CorpusCase("bad-project-name.yml", .init(1, 10, .invalidValue, "project 'Movies_API' is not a valid name")),
    CorpusCase("missing-project.yml", .init(1, 1, .missing, "missing required key 'project'")),
    CorpusCase("empty.yml", .init(1, 1, .missing, "the file is empty")),
    CorpusCase("bad-runtime.yml", .init(4, 10, .invalidValue, "unsupported runtime 'nodejs20.x'")),
    CorpusCase("bad-architecture.yml", .init(4, 15, .invalidValue, "unsupported architecture 'aarch64'")),
    CorpusCase("python-without-handler.yml", .init(2, 10, .missing, "runtime python3.12 needs a 'handler'")),
    CorpusCase(
        "requirements-on-provided.yml", .init(4, 15, .invalidValue, "requirements need a python3.x runtime")),
    CorpusCase(
        "requirements-bad-item.yml",
        .init(6, 5, .invalidValue, "requirement '--index-url https://example.com' is not a package specifier")),
    CorpusCase(
        "table-without-partition-key.yml", .init(5, 3, .missing, "missing required key 'partition_key' in tables.users")
    ),
    CorpusCase("bad-key-type.yml", .init(6, 42, .invalidValue, "partition_key.type 'X' is not a key type")),
    CorpusCase("pitr-not-bool.yml", .init(7, 29, .wrongType, "point_in_time_recovery must be true or false")),
    CorpusCase("secret-length-8.yml", .init(6, 13, .outOfRange, "length must be between 32 and 4096 bytes, got 8")),
    CorpusCase("bad-rotate-every.yml", .init(6, 19, .invalidValue, "rotate_every 'monthly' is not a number of days")),
    CorpusCase("permission-star-resource.yml", .init(6, 17, .invalidValue, "resource '*' is refused")),
    CorpusCase("permission-star-action.yml", .init(5, 15, .invalidValue, "action '*' grants every action")),
    CorpusCase(
        "log-retention-10.yml", .init(4, 21, .invalidValue, "log_retention_days 10 is not a CloudWatch retention")),
    CorpusCase("direct-limit-80.yml", .init(5, 20, .outOfRange, "direct_limit_mb must be between 1 and 50 MB, got 80")),
    CorpusCase("bad-route.yml", .init(5, 27, .invalidValue, "route 'FETCH /users' is not of the form")),
    CorpusCase("reserved-tag-key.yml", .init(6, 3, .invalidValue, "tag key 'hoist:stage' uses a reserved prefix")),
    CorpusCase("unknown-stage-key.yml", .init(7, 5, .unknownKey, "unknown key 'memory' in stages.prod")),
    CorpusCase("stage-unknown-table.yml", .init(10, 7, .unknownKey, "unknown table 'user' in stages.prod.tables")),
    CorpusCase("default-stage-undeclared.yml", .init(4, 1, .invalidValue, "default stage 'dev' is not declared")),
    CorpusCase("duplicate-key.yml", .init(6, 3, .duplicateKey, "duplicate key 'memory' in function")),
    CorpusCase("env-collision.yml", .init(8, 3, .invalidValue, "'USERS_TABLE' is set by both table 'users'")),
    CorpusCase("alias.yml", .init(3, 7, .unsupportedYAML, "YAML anchor '&common': anchors and aliases are not")),
    CorpusCase("billion-laughs.yml", .init(3, 6, .unsupportedYAML, "YAML anchor '&a'")),
    CorpusCase("merge-key.yml", .init(4, 7, .unsupportedYAML, "YAML alias '*defaults'")),
    CorpusCase("nesting-too-deep.yml", .init(3, 70, .tooLarge, "nested more than 64 deep")),
    CorpusCase(
        "three-problems.yml",
        .init(5, 11, .outOfRange, "function.memory must be between 128 and 10240"),
        .init(6, 3, .unknownKey, "unknown key 'timout' in function"),
        .init(7, 21, .invalidValue, "log_retention_days 10")
    ),
    // functions: a project of several functions.
    CorpusCase(
        "functions-sends-to-unknown.yml", .init(6, 16, .unknownKey, "functions.api.sends_to names 'wroker'")),
    CorpusCase(
        "functions-sends-to-no-queue.yml", .init(7, 9, .unknownKey, "sends_to names 'mailer', which is no function's")
    ),
    CorpusCase(
        "functions-route-twice.yml",
        .init(10, 9, .duplicateKey, "route 'GET /movies' of functions.search.http is already claimed by functions.api")
    ),
    CorpusCase(
        "functions-visibility-under-6x.yml",
        .init(8, 27, .outOfRange, "visibility_timeout 120 seconds is under six times the function's timeout (30 s")),
    CorpusCase(
        "functions-cron-5-fields.yml",
        .init(
            6, 19, .invalidValue,
            "expression 'cron(0 3 * * ?)' is not a schedule: a cron expression has 6 fields (minutes hours "
                + "day-of-month month day-of-week year), got 5")),
    CorpusCase(
        "functions-bad-rate.yml",
        .init(5, 15, .invalidValue, "functions.hourly.schedule 'rate(1 hours)' is not a schedule: write rate(1 hour)"),
        .init(8, 28, .invalidValue, "'rate(0 minutes)' is not a schedule: a rate is a positive whole number")
    ),
    CorpusCase("functions-unknown-key.yml", .init(5, 5, .unknownKey, "unknown key 'memroy' in functions.worker")),
    CorpusCase(
        "functions-uses-unknown-table.yml", .init(7, 12, .unknownKey, "functions.api.uses names 'movie', which is no")),
    CorpusCase(
        "functions-invalid-name.yml",
        .init(3, 3, .invalidValue, "function name 'my-worker' is not valid"),
        .init(5, 3, .invalidValue, "function name 'Nightly' is not valid")
    ),
    CorpusCase("functions-reserved-name.yml", .init(5, 3, .invalidValue, "function name 'rotate' is reserved")),
    CorpusCase(
        "functions-url-auth-public.yml",
        .init(6, 13, .invalidValue, "functions.api.url.auth 'public' is not iam or none")
    ),
    CorpusCase(
        "functions-api-routes.yml",
        .init(3, 3, .invalidValue, "'api.routes' is per function when hoist.yml has functions")
    ),
    CorpusCase(
        "functions-one-function-keys.yml",
        .init(4, 3, .invalidValue, "'backend.product' is per function"),
        .init(5, 1, .invalidValue, "'permissions' is per function")
    ),
    CorpusCase(
        "functions-swift-without-product.yml", .init(6, 3, .missing, "functions.worker needs a 'product'")),
    CorpusCase(
        "functions-batch-100.yml",
        .init(6, 19, .invalidValue, "queue.batch_size 100 needs a batching_window of at least 1 second")),
    CorpusCase(
        "functions-max-receives-0.yml",
        .init(5, 27, .outOfRange, "functions.worker.queue.max_receives must be between 1 and 1000, got 0")),
    CorpusCase("functions-empty.yml", .init(2, 12, .invalidValue, "functions is empty")),
    CorpusCase(
        "functions-schedule-without-expression.yml",
        .init(5, 5, .missing, "missing required key 'expression' in functions.nightly.schedule")),
    CorpusCase(
        "functions-env-admins.yml",
        .init(8, 7, .invalidValue, "'ADMIN_USERNAMES' of functions.api is set by both admins and its environment")),
    CorpusCase(
        "functions-stage-env-queue-url.yml", .init(12, 21, .invalidValue, "'WORKER_QUEUE_URL' is set by hoist")),
    CorpusCase(
        "functions-stage-ends-in-function.yml",
        .init(10, 3, .invalidValue, "stage 'dev-worker' ends in '-worker', the name of a function")),
    CorpusCase(
        "functions-rotated-secret-unused.yml",
        .init(4, 19, .invalidValue, "secret 'JWT_SECRET_KEY' rotates, but no function uses it")),
    CorpusCase(
        "functions-bad-architecture.yml",
        .init(6, 19, .invalidValue, "functions.worker.architecture 'aarch64' is not supported")),
    CorpusCase(
        "functions-architecture-shared-layer.yml",
        .init(10, 19, .invalidValue, "functions.worker runs on arm64 and functions.api on x86_64, but they share")),
]

/// The folder holding the corpus.
func corpusDirectory() throws -> URL {
    let fixtures = try #require(Bundle.module.url(forResource: "Fixtures", withExtension: nil))
    return fixtures.appendingPathComponent("config")
}

@Suite("malformed hoist.yml corpus")
struct ConfigCorpusTests {
    @Test("every corpus file gives exactly its expected errors", arguments: corpus)
    func corpusFile(_ testCase: CorpusCase) throws {
        let path = try corpusDirectory().appendingPathComponent(testCase.file).path
        let thrown = #expect(throws: HoistConfigErrors.self) { try HoistConfig.load(path: path) }
        let errors = thrown?.errors ?? []
        #expect(errors.count == testCase.expected.count, "\(thrown?.description ?? "no errors")")
        for (error, expected) in zip(errors, testCase.expected) {
            #expect(error.file == path)
            #expect(error.line == expected.line && error.column == expected.column, "\(error) ≠ \(expected)")
            #expect(error.code == expected.code, "\(error)")
            #expect(error.message.contains(expected.fragment), "\(error)")
            #expect(error.description.hasPrefix("\(path):\(expected.line):\(expected.column): error: "))
        }
    }

    @Test("the corpus has at least 20 files, each listed once in the table")
    func corpusIsComplete() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: corpusDirectory().path)
            .filter { $0.hasSuffix(".yml") }
        #expect(files.count >= 20)
        #expect(Set(files) == Set(corpus.map(\.file)))
        #expect(corpus.count == Set(corpus.map(\.file)).count)
    }

    @Test("a misspelled key gets a did-you-mean hint, and the description carries it")
    func didYouMean() throws {
        let path = try corpusDirectory().appendingPathComponent("misspelled-nested-key.yml").path
        let error = try #require(
            #expect(throws: HoistConfigErrors.self) { try HoistConfig.load(path: path) }?.errors.first)
        #expect(error.hint == "did you mean 'memory'?")
        #expect(error.description == "\(path):5:3: error: unknown key 'memroy' in function (did you mean 'memory'?)")
    }

    @Test("the alias refusal carries a hint and stops at the first alias: one error, not one per expansion")
    func aliasHint() throws {
        let path = try corpusDirectory().appendingPathComponent("billion-laughs.yml").path
        let errors = try #require(#expect(throws: HoistConfigErrors.self) { try HoistConfig.load(path: path) })
        #expect(errors.errors.count == 1)
        #expect(errors.errors.first?.hint?.contains("write the value out") == true)
    }

    @Test("a file over 1 MiB is refused unparsed; one of exactly 1 MiB loads")
    func sizeCap() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("hoist-size-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let head = "project: movies-api\nruntime: provided.al2023\nhandler: bootstrap\n"
        func file(_ name: String, bytes: Int) throws -> String {
            let padding = String(repeating: "#", count: bytes - head.utf8.count - 1) + "\n"
            let url = folder.appendingPathComponent(name)
            try Data((head + padding).utf8).write(to: url)
            #expect(try Data(contentsOf: url).count == bytes)
            return url.path
        }
        let atLimit = try file("at-limit.yml", bytes: HoistConfig.maxFileBytes)
        let over = try file("over.yml", bytes: HoistConfig.maxFileBytes + 1)
        let loaded = Result { try HoistConfig.load(path: atLimit) }
        if case .failure(let error as HoistConfigErrors) = loaded {
            #expect(!error.errors.contains { $0.code == .tooLarge }, "\(error)")
        }
        let error = try #require(#expect(throws: HoistConfigErrors.self) { try HoistConfig.load(path: over) })
        #expect(error.errors.map(\.code) == [.tooLarge])
        #expect(error.description.hasPrefix("\(over): error: the configuration file is over 1048576 bytes"))
        let parsed = #expect(throws: HoistConfigErrors.self) {
            try HoistConfig.parse(yaml: String(repeating: "#", count: HoistConfig.maxFileBytes + 1), file: "x.yml")
        }
        #expect(parsed?.errors.map(\.code) == [.tooLarge])
    }

    @Test("a tab gets the spaces hint")
    func tabHint() throws {
        let path = try corpusDirectory().appendingPathComponent("tab-indentation.yml").path
        let error = try #require(
            #expect(throws: HoistConfigErrors.self) { try HoistConfig.load(path: path) }?.errors.first)
        #expect(error.hint == "indent with spaces, not tabs")
        #expect(error.underlying != nil)
    }
}
