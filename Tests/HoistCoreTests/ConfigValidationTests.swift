import Foundation
import Testing

@testable import HoistCore

/// One validation rule: a snippet appended to the minimal file, and the single error it must produce.
struct RuleCase: Sendable, CustomStringConvertible {
    let name: String
    let yaml: String
    let line: Int
    let column: Int
    let code: HoistConfigError.Code
    let fragment: String

    /// `yaml` is appended to `minimalConfig()` (3 lines), unless `whole` is set.
    init(
        _ name: String, _ yaml: String, _ line: Int, _ column: Int, _ code: HoistConfigError.Code,
        _ fragment: String, whole: Bool = false
    ) {
        self.name = name
        self.yaml = whole ? yaml : minimalConfig(yaml)
        self.line = line
        self.column = column
        self.code = code
        self.fragment = fragment
    }

    var description: String { name }
}

let ruleCases: [RuleCase] = [
    // Top level and structure.
    RuleCase("root is a list", "- project: x\n", 1, 1, .wrongType, "hoist.yml must be a mapping", whole: true),
    RuleCase(
        "two documents", "project: a\n---\nproject: b\n", 2, 1, .yamlSyntax, "invalid YAML", whole: true),
    RuleCase("nested key at top level", "memory: 512\n", 4, 1, .unknownKey, "unknown key 'memory'"),
    RuleCase("project too long", String(repeating: "a", count: 41), 1, 10, .invalidValue, "not a valid name"),
    RuleCase("project with a digit first", "", 1, 10, .invalidValue, "'1movies' is not a valid name"),
    RuleCase("region", "region: useast1\n", 4, 9, .invalidValue, "'useast1' is not an AWS region"),
    RuleCase("python 3.8", "runtime: python3.8\n", 4, 10, .invalidValue, "unsupported runtime 'python3.8'"),
    RuleCase("python 3.14", "runtime: python3.14\n", 4, 10, .invalidValue, "unsupported runtime 'python3.14'"),
    RuleCase("handler with a space", "handler: my handler\n", 4, 10, .invalidValue, "handler 'my handler'"),
    RuleCase(
        "no backend at all", "project: movies-api\n", 1, 1, .missing, "missing required key 'backend.product'",
        whole: true),
    RuleCase(
        "backend without product", "project: movies-api\nbackend:\n  path: backend\n", 2, 1, .missing,
        "'backend.product'", whole: true),
    RuleCase(
        "backend product with a slash", "project: p\nbackend: {product: a/b}\n", 2, 20, .invalidValue,
        "backend.product 'a/b'", whole: true),
    RuleCase(
        "empty backend path", "project: p\nbackend: {path: '', product: B}\n", 2, 17, .invalidValue,
        "backend.path is empty", whole: true),
    // Function.
    RuleCase(
        "reserved concurrency 1001", "function: {reserved_concurrency: 1001}\n", 4, 34, .outOfRange,
        "between 0 and 1000"),
    RuleCase("memory as a float", "function: {memory: 512.5}\n", 4, 20, .wrongType, "got a number (512.5)"),
    RuleCase("environment as a list", "function: {environment: [A]}\n", 4, 25, .wrongType, "must be a mapping"),
    RuleCase(
        "environment value as a mapping", "function:\n  environment:\n    A: {b: c}\n", 6, 8, .wrongType,
        "function.environment.A must be a string"),
    RuleCase(
        "lambda-reserved name", "function:\n  environment:\n    _HANDLER: x\n", 6, 5, .invalidValue,
        "'_HANDLER' is reserved"),
    // Content.
    RuleCase("layer as a mapping", "layer: {path: lib}\n", 4, 8, .wrongType, "layer must be a list"),
    RuleCase("layer item without path", "layer:\n  - prefix: lib/\n", 5, 5, .missing, "'path' in layer[0]"),
    RuleCase("absolute prefix", "layer:\n  - {path: a, prefix: /opt}\n", 5, 23, .invalidValue, "must stay inside"),
    RuleCase("prefix escaping", "code_extra:\n  - {path: a, prefix: ../x}\n", 5, 23, .invalidValue, "code_extra[0]"),
    RuleCase("exclude as a string", "layer:\n  - {path: a, exclude: x}\n", 5, 24, .wrongType, "must be a list"),
    RuleCase("unknown content key", "layer:\n  - {path: a, excludes: [x]}\n", 5, 15, .unknownKey, "'excludes'"),
    // Tables.
    RuleCase("table name", "tables:\n  1users: {partition_key: id}\n", 5, 3, .invalidValue, "table name '1users'"),
    RuleCase("table as a string", "tables:\n  users: id\n", 5, 10, .wrongType, "tables.users must be a mapping"),
    RuleCase(
        "sort key equals partition key", "tables:\n  t: {partition_key: id, sort_key: id}\n", 5, 36,
        .invalidValue, "is also the partition key"),
    RuleCase(
        "key attribute without name", "tables:\n  t: {partition_key: {type: S}}\n", 5, 22, .missing,
        "'name' in tables.t.partition_key"),
    RuleCase(
        "billing", "tables:\n  t: {partition_key: id, billing: pay_per_request}\n", 5, 35, .invalidValue,
        "'pay_per_request' is not a billing mode"),
    RuleCase(
        "table env", "tables:\n  t: {partition_key: id, env: t-table}\n", 5, 31, .invalidValue,
        "tables.t.env 't-table'"),
    RuleCase(
        "misspelled table key", "tables:\n  t: {partition_key: id, biling: provisioned}\n", 5, 26, .unknownKey,
        "'biling' in tables.t"),
    // Secrets.
    RuleCase("secret name", "secrets:\n  jwt-key: {}\n", 5, 3, .invalidValue, "secret name 'jwt-key'"),
    RuleCase(
        "rotation over a year", "secrets:\n  K: {rotate_every: 400d}\n", 5, 21, .outOfRange, "between 1d and 365d"),
    RuleCase("rotation of 0 days", "secrets:\n  K: {rotate_every: 0d}\n", 5, 21, .outOfRange, "got 0d"),
    RuleCase(
        "two secrets rotating on a schedule", "secrets:\n  A: {rotate_every: 30d}\n  B: {rotate_every: 7d}\n", 6, 21,
        .invalidValue, "only one secret can rotate on a schedule"),
    RuleCase(
        "scheduled rotation of a Python function",
        "runtime: python3.11\nhandler: a.b\nsecrets:\n  K: {rotate_every: 30d}\n",
        7, 21, .invalidValue, "needs the Swift backend's rotation handler"),
    RuleCase("secret env reserved", "secrets:\n  K: {env: AWS_REGION}\n", 5, 12, .invalidValue, "secrets.K.env"),
    // Admins and permissions.
    RuleCase("admins as a string", "admins: alice\n", 4, 9, .wrongType, "admins must be a list"),
    RuleCase("admin with a comma", "admins: ['a,b']\n", 4, 10, .invalidValue, "admin 'a,b'"),
    RuleCase("permissions as a mapping", "permissions: {actions: []}\n", 4, 14, .wrongType, "must be a list"),
    RuleCase(
        "permission without resources", "permissions:\n  - actions: [\"s3:GetObject\"]\n", 5, 5, .missing,
        "'resources' in permissions[0]"),
    RuleCase(
        "action without service", "permissions:\n  - {actions: [GetObject], resources: [\"arn:aws:s3:::b\"]}\n",
        5, 16, .invalidValue, "'GetObject' is not an IAM action"),
    RuleCase(
        "resource not an ARN", "permissions:\n  - {actions: [\"s3:GetObject\"], resources: [bucket]}\n", 5, 45,
        .invalidValue, "'bucket' is not an ARN"),
    RuleCase(
        "empty actions", "permissions:\n  - {actions: [], resources: [\"arn:aws:s3:::b\"]}\n", 5, 15,
        .invalidValue, "permissions[0].actions is empty"),
    RuleCase(
        "action as a mapping", "permissions:\n  - {actions: [{a: b}], resources: [\"arn:aws:s3:::b\"]}\n", 5, 16,
        .wrongType, "each item of permissions[0].actions must be a string"),
    RuleCase(
        "table name too long", "tables:\n  \(String(repeating: "t", count: 101)): {partition_key: id}\n", 5, 3,
        .invalidValue, "table name"),
    // API.
    RuleCase("routes as a word", "api: {routes: everything}\n", 4, 15, .invalidValue, "must be $default or a list"),
    RuleCase("empty routes", "api: {routes: []}\n", 4, 15, .invalidValue, "api.routes is empty"),
    RuleCase(
        "duplicate route", "api: {routes: [\"GET /a\", \"GET /a\"]}\n", 4, 26, .duplicateKey, "listed twice"),
    RuleCase("route without slash", "api: {routes: [\"GET movies\"]}\n", 4, 16, .invalidValue, "'GET movies'"),
    RuleCase(
        "origin without scheme", "api: {cors: {allow_origins: [example.com]}}\n", 4, 30, .invalidValue,
        "origin 'example.com' needs a scheme"),
    RuleCase(
        "CORS method", "api: {cors: {allow_methods: [FETCH]}}\n", 4, 30, .invalidValue, "'FETCH' is not an HTTP method"),
    RuleCase("CORS max age", "api: {cors: {max_age: 100000}}\n", 4, 23, .outOfRange, "between 0 and 86400"),
    // Logs, tags, upload, stages.
    RuleCase("retention as text", "log_retention_days: two weeks\n", 4, 21, .wrongType, "must be a whole number"),
    RuleCase(
        "41 tags", "tags: {" + (1...41).map { "t\($0): v" }.joined(separator: ", ") + "}\n", 4, 7, .outOfRange,
        "41 tags, at most 40"),
    RuleCase("aws: tag", "tags: {'AWS:x': y}\n", 4, 8, .invalidValue, "reserved prefix"),
    RuleCase(
        "tag value too long", "tags: {k: \(String(repeating: "v", count: 257))}\n", 4, 8, .invalidValue,
        "tag 'k' is too long"),
    RuleCase("part size 4", "upload: {part_size_mb: 4}\n", 4, 24, .outOfRange, "between 5 and 100 MB"),
    RuleCase("default stage name", "default_stage: Prod\n", 4, 16, .invalidValue, "'Prod' is not a valid stage name"),
    RuleCase("stage name", "stages:\n  dev: {}\n  Prod: {}\n", 6, 3, .invalidValue, "stage 'Prod'"),
    RuleCase(
        "stage name too long for the function name",
        "stages:\n  dev: {}\n  \(String(repeating: "s", count: 60)): {}\n", 6, 3, .invalidValue,
        "is not a valid stage name"),
    RuleCase(
        "stage memory", "stages:\n  dev:\n    function: {memory: 99999}\n", 6, 24, .outOfRange,
        "stages.dev.function.memory must be between 128 and 10240"),
    RuleCase(
        "stage routes", "stages:\n  dev:\n    api: {routes: $default}\n", 6, 11, .unknownKey,
        "unknown key 'routes' in stages.dev.api"),
    RuleCase(
        "stage env reserved", "stages:\n  dev:\n    function: {environment: {AWS_REGION: x}}\n", 6, 30,
        .invalidValue, "'AWS_REGION' is reserved"),
    RuleCase(
        "stage env sets a generated variable",
        "tables: {users: {partition_key: id}}\nstages:\n  dev:\n    function: {environment: {USERS_TABLE: x}}\n",
        7, 30, .invalidValue, "'USERS_TABLE' is set by hoist"),
    RuleCase(
        "stage env too large",
        "stages:\n  dev: {}\n  big:\n    function: {environment: {BIG: \(String(repeating: "x", count: 4100))}}\n",
        6, 3, .outOfRange, "in stage 'big'"),
    RuleCase(
        "stage table override value", "tables: {t: {partition_key: id}}\nstages:\n  dev: {tables: {t: {billing: x}}}\n",
        6, 31, .invalidValue, "stages.dev.tables.t.billing 'x'"),
    RuleCase(
        "stage tags over 40 after the merge",
        "tags: {" + (1...30).map { "b\($0): v" }.joined(separator: ", ") + "}\nstages:\n  dev:\n    tags: {"
            + (1...11).map { "s\($0): v" }.joined(separator: ", ") + "}\n", 6, 3, .outOfRange,
        "stage 'dev' ends up with 41 tags"),
    RuleCase(
        "tab inside a value is not an indentation problem", "project: a\tb: c\n", 1, 13, .yamlSyntax,
        "mapping values are not allowed", whole: true),
    RuleCase(
        "generated environment over the limit",
        "secrets:\n" + (1...40).map { "  SECRET_NUMBER_\($0):\n" }.joined(), 1, 1, .outOfRange,
        "in stage 'dev'"),
]

@Suite("hoist.yml validation rules")
struct ConfigValidationTests {
    @Test("each rule reports one positioned error", arguments: ruleCases)
    func rule(_ rule: RuleCase) {
        var yaml = rule.yaml
        if rule.name == "project with a digit first" {
            yaml = yaml.replacingOccurrences(of: "movies-api", with: "1movies")
        }
        if rule.name == "project too long" {
            yaml = "project: " + String(repeating: "a", count: 41) + "\nbackend:\n  product: Backend\n"
        }
        let errors = configErrors(yaml)
        #expect(errors.count == 1, "\(errors.map(\.description))")
        guard let error = errors.first else { return }
        #expect(error.line == rule.line && error.column == rule.column, "\(error)")
        #expect(error.code == rule.code, "\(error)")
        #expect(error.message.contains(rule.fragment), "\(error)")
    }

    @Test("the valid edges of every range parse")
    func edges() throws {
        for snippet in [
            "function: {memory: 128, timeout: 1, reserved_concurrency: 0}",
            "function: {memory: 10240, timeout: 900, reserved_concurrency: 1000}",
            "upload: {direct_limit_mb: 1, part_size_mb: 5}", "upload: {direct_limit_mb: 50, part_size_mb: 100}",
            "secrets: {K: {length: 32, rotate_every: 1d}}", "secrets: {K: {length: 4096, rotate_every: 365d}}",
            "log_retention_days: 1", "log_retention_days: 3653", "api: {cors: {max_age: 0}}",
            "region: us-gov-west-1", "runtime: provided.al2", "runtime: python3.9\nhandler: a.b",
            "function: {environment: {EMPTY: }}",
        ] {
            #expect(configErrors(minimalConfig(snippet + "\n")).isEmpty, "\(snippet)")
        }
        let config = try HoistConfig.parse(yaml: minimalConfig("upload: {direct_limit_mb: 50}\n"), file: "h.yml")
        #expect(config.upload.directLimitBytes == 50 * 1024 * 1024)
    }

    @Test("an environment just under 4 KB is accepted, one byte more is refused")
    func environmentLimit() throws {
        // With no tables, secrets or admins the environment is exactly the user's variables.
        let name = "BIG"
        let fits = String(repeating: "x", count: 4096 - name.count)
        #expect(configErrors(minimalConfig("function: {environment: {\(name): \(fits)}}\n")).isEmpty)
        let errors = configErrors(minimalConfig("function: {environment: {\(name): \(fits)y}}\n"))
        #expect(errors.map(\.code) == [.outOfRange])
        #expect(errors.first?.message.contains("4097 bytes") == true)
    }

    @Test("problems from different sections come together, sorted by position")
    func allAtOnce() {
        let errors = configErrors(
            """
            project: Bad_Name
            runtime: go1.x
            function:
              memory: 64
              timeout: 901
              colour: blue
            tables:
              users: {}
            log_retention_days: 2
            unknown: 1
            """)
        #expect(errors.map(\.line) == [1, 2, 4, 5, 6, 8, 9, 10])
        #expect(
            errors.map(\.code) == [
                .invalidValue, .invalidValue, .outOfRange, .outOfRange, .unknownKey, .missing, .invalidValue,
                .unknownKey,
            ])
        // The backend product is not reported: the runtime is unknown.
        #expect(!errors.contains { $0.message.contains("backend.product") })
    }

    @Test("only tabs in the indentation get the tabs hint")
    func tabHints() {
        #expect(
            configErrors("project: a\tb: c\n").first?.hint == "quote values that contain ': ', or check the indentation"
        )
        #expect(configErrors("project: a\n\tbackend: {}\n").first?.hint == "indent with spaces, not tabs")
    }

    @Test("an unknown key far from every known one lists the allowed keys")
    func allowedKeysHint() {
        let error = configErrors(minimalConfig("upload:\n  compression: zstd\n")).first
        #expect(error?.hint == "allowed keys: direct_limit_mb, part_size_mb, bucket")
    }

    @Test("edit distance counts a swap of neighbours as one")
    func editDistance() {
        #expect(EditDistance.distance("memroy", "memory") == 1)
        #expect(EditDistance.distance("", "abc") == 3)
        #expect(EditDistance.distance("timout", "timeout") == 1)
        #expect(EditDistance.distance("kitten", "sitting") == 3)
    }

    @Test("description forms")
    func descriptions() {
        let positioned = HoistConfigError(
            file: "hoist.yml", line: 12, column: 5, code: .unknownKey, message: "unknown key 'memroy' in function",
            hint: "did you mean 'memory'?")
        #expect(
            positioned.description == "hoist.yml:12:5: error: unknown key 'memroy' in function (did you mean 'memory'?)"
        )
        let bare = HoistConfigError(
            file: "x.yml", line: 0, column: 0, code: .unknownStage, message: "unknown stage 'qa'")
        #expect(bare.description == "x.yml: error: unknown stage 'qa'")
        let list = HoistConfigErrors([positioned, bare])
        #expect(list.errors == [bare, positioned])
        #expect(list.description == bare.description + "\n" + positioned.description)
    }
}
