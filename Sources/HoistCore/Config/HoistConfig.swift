/// A parsed, validated and defaulted `hoist.yml`.
///
/// Obtain one with `HoistConfig.load(path:)` or `HoistConfig.parse(yaml:file:)`, then apply a stage's
/// overrides with `resolved(stage:)`. Relative paths inside (`backend.path`, `layer`, `code_extra`) are
/// relative to `baseDirectory`, the configuration file's folder; `resolvePath(_:)` joins them.
public struct HoistConfig: Sendable, Equatable {
    /// The CloudWatch Logs retention values (days) that `log_retention_days` accepts.
    public static let allowedLogRetentionDays: [Int] = [
        1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
    ]
    /// The most tags a configuration may set (hoist adds its own `hoist:` tags on top).
    public static let maxTags = 40
    /// The stage used when neither `--stage` nor `default_stage` says otherwise.
    public static let defaultStageName = "dev"

    /// The project name: `[a-z0-9-]`, 1–40 characters, starting with a letter.
    public var project: String
    /// The region, if the file sets one (else `--region`, `AWS_REGION`, the profile…).
    public var region: String?
    /// The Lambda runtime (default `provided.al2023`).
    public var runtime: Runtime
    /// The handler (default `bootstrap` for `provided.*`; required for Python).
    public var handler: String
    /// The instruction set (default `x86_64`).
    public var architecture: Architecture
    /// The backend package and product.
    public var backend: BackendConfig
    /// The function's sizing and environment.
    public var function: FunctionConfig
    /// What goes into the layer zip.
    public var layer: [ContentSource]
    /// What pip installs into the layer's `python/` folder (Python runtimes only), or nil for no pip layer.
    public var requirements: PythonRequirements?
    /// Extra files for the code zip.
    public var codeExtra: [ContentSource]
    /// The tables, ordered by name.
    public var tables: [TableConfig]
    /// The secrets, ordered by name.
    public var secrets: [SecretConfig]
    /// Usernames that hold `admin` (passed as `ADMIN_USERNAMES`).
    public var admins: [String]
    /// Extra statements for the execution role.
    public var permissions: [PermissionStatement]
    /// The HTTP API.
    public var api: APIConfig
    /// The log group's retention in days, or nil to keep logs forever.
    public var logRetentionDays: Int?
    /// The user's tags (hoist adds `hoist:project` and `hoist:stage`).
    public var tags: [String: String]
    /// Upload settings.
    public var upload: UploadConfig
    /// How a deploy releases: the alias, the versions kept, a canary.
    public var deploy: DeployConfig
    /// The functions `functions:` declares, by name; empty for the one-function form.
    public var declaredFunctions: [ProjectFunction] = []
    /// The stage used when `--stage` is not given (default `dev`).
    public var defaultStage: String
    /// The per-stage overrides, by stage name.
    public var stages: [String: StageOverride]
    /// The stage whose overrides have been applied (set by `resolved(stage:)`), or nil for the base config.
    public var stage: String?
    /// The configuration file's path (absolute after `load(path:)`; as given to `parse(yaml:file:)`).
    public var configFile: String
    /// The folder relative paths are resolved against: the configuration file's folder.
    public var baseDirectory: String

    /// Creates a configuration with every default; `project` is the only value without one.
    public init(
        project: String, region: String? = nil, runtime: Runtime = .providedAL2023, handler: String = "bootstrap",
        architecture: Architecture = .x86_64, backend: BackendConfig = BackendConfig(),
        function: FunctionConfig = FunctionConfig(), layer: [ContentSource] = [],
        requirements: PythonRequirements? = nil, codeExtra: [ContentSource] = [],
        tables: [TableConfig] = [], secrets: [SecretConfig] = [], admins: [String] = [],
        permissions: [PermissionStatement] = [], api: APIConfig = APIConfig(), logRetentionDays: Int? = nil,
        tags: [String: String] = [:], upload: UploadConfig = UploadConfig(),
        deploy: DeployConfig = DeployConfig(), defaultStage: String = HoistConfig.defaultStageName,
        stages: [String: StageOverride] = [:],
        stage: String? = nil, configFile: String = "hoist.yml", baseDirectory: String = "."
    ) {
        self.project = project
        self.region = region
        self.runtime = runtime
        self.handler = handler
        self.architecture = architecture
        self.backend = backend
        self.function = function
        self.layer = layer
        self.requirements = requirements
        self.codeExtra = codeExtra
        self.tables = tables
        self.secrets = secrets
        self.admins = admins
        self.permissions = permissions
        self.api = api
        self.logRetentionDays = logRetentionDays
        self.tags = tags
        self.upload = upload
        self.deploy = deploy
        self.defaultStage = defaultStage
        self.stages = stages
        self.stage = stage
        self.configFile = configFile
        self.baseDirectory = baseDirectory
    }

    /// Whether hoist.yml declares `functions:`.
    public var hasFunctionMap: Bool { !declaredFunctions.isEmpty }

    /// The project's functions: those of `functions:`, or the one function of the one-function form, named after
    /// the project, using every table and secret and answering `api.routes`.
    public var functions: [ProjectFunction] {
        if hasFunctionMap { return declaredFunctions }
        return [
            ProjectFunction(
                name: project, product: backend.product, handler: handler, settings: function,
                architecture: architecture, uses: tables.map(\.name) + secrets.map(\.name), permissions: permissions,
                routes: api.routes.routeKeys)
        ]
    }

    /// The instruction set of the dependency layer: the functions share it, so they share one architecture
    /// (the parser refuses others when there is a layer); the top-level one without functions.
    public var layerArchitecture: Architecture { functions.first?.architecture ?? architecture }

    /// The effective stage: the one applied by `resolved(stage:)`, else `defaultStage`.
    public var stageName: String { stage ?? defaultStage }

    /// Joins a path from the file with `baseDirectory`; absolute paths come back unchanged.
    public func resolvePath(_ path: String) -> String {
        if path.hasPrefix("/") { return path }
        if path.isEmpty || path == "." { return baseDirectory }
        var relative = path
        while relative.hasPrefix("./") { relative.removeFirst(2) }
        if baseDirectory == "." || baseDirectory.isEmpty { return relative }
        return baseDirectory.hasSuffix("/") ? baseDirectory + relative : baseDirectory + "/" + relative
    }

    /// The backend package's folder, resolved against `baseDirectory`.
    public var backendDirectory: String { resolvePath(backend.path) }

    /// The environment the function gets for `stage`: the user's variables plus one per table
    /// (`<project>-<stage>-<table>`), one per secret (its ARN, which needs `region` and `account`) and
    /// `ADMIN_USERNAMES` when there are admins.
    public func generatedEnvironment(stage: String, region: String, account: String) -> [String: String] {
        var environment = function.environment
        for table in tables {
            environment[table.env] = "\(project)-\(stage)-\(table.name)"
        }
        for secret in secrets {
            // Secrets Manager appends a dash and six random characters to the name in the ARN.
            environment[secret.env] =
                "arn:aws:secretsmanager:\(region):\(account):secret:\(project)/\(stage)/\(secret.name)-XXXXXX"
        }
        if !admins.isEmpty {
            environment["ADMIN_USERNAMES"] = admins.joined(separator: ",")
        }
        return environment
    }

    /// The size Lambda counts against its 4 KB limit for `generatedEnvironment`: names plus values, in bytes.
    /// Without a region the longest region name is assumed, and a 12-digit account.
    /// With `functions:`, the largest of the functions' environments.
    public func environmentSize(stage: String) -> Int {
        if hasFunctionMap { return declaredFunctions.map { functionEnvironmentSize($0, stage: stage) }.max() ?? 0 }
        let region = self.region ?? "ap-southeast-5"
        let environment = generatedEnvironment(stage: stage, region: region, account: "123456789012")
        return environment.reduce(0) { $0 + $1.key.utf8.count + $1.value.utf8.count }
    }
}
