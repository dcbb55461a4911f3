/// Everything the desired state is built from: the resolved config of one stage, the account and region,
/// and the package manifest's hashes. Plain values, so the builder is pure.
public struct DeploymentInputs: Sendable, Equatable {
    /// A table as configured.
    public struct Table: Sendable, Equatable {
        /// The logical name (`users`).
        public var name: String
        /// The partition key's name and type (`S`, `N`, `B`).
        public var partitionKey: (name: String, type: String)
        /// The sort key, if any.
        public var sortKey: (name: String, type: String)?
        /// `PAY_PER_REQUEST` or `PROVISIONED`.
        public var billingMode: String
        /// Whether point-in-time recovery is on.
        public var pointInTimeRecovery: Bool
        /// The environment variable carrying the table's name.
        public var environmentName: String
        /// The DynamoDB actions (`dynamodb:GetItem`…) the function may take on it; nil for the inputs' default.
        public var actions: [String]?

        /// Creates a table.
        public init(
            name: String, partitionKey: (name: String, type: String), sortKey: (name: String, type: String)? = nil,
            billingMode: String = "PAY_PER_REQUEST", pointInTimeRecovery: Bool = true, environmentName: String? = nil,
            actions: [String]? = nil
        ) {
            self.actions = actions
            self.name = name
            self.partitionKey = partitionKey
            self.sortKey = sortKey
            self.billingMode = billingMode
            self.pointInTimeRecovery = pointInTimeRecovery
            self.environmentName = environmentName ?? name.uppercased() + "_TABLE"
        }

        /// Compares tables field by field.
        public static func == (lhs: Table, rhs: Table) -> Bool {
            lhs.name == rhs.name && lhs.partitionKey == rhs.partitionKey && lhs.sortKey?.name == rhs.sortKey?.name
                && lhs.sortKey?.type == rhs.sortKey?.type && lhs.billingMode == rhs.billingMode
                && lhs.pointInTimeRecovery == rhs.pointInTimeRecovery && lhs.environmentName == rhs.environmentName
                && lhs.actions == rhs.actions
        }
    }

    /// A secret as configured.
    public struct Secret: Sendable, Equatable {
        /// The name (`JWT_SECRET_KEY`).
        public var name: String
        /// The environment variable carrying its ARN.
        public var environmentName: String
        /// Random bytes generated at creation.
        public var length: Int
        /// Days between scheduled rotations; nil for none.
        public var rotateEveryDays: Int?

        /// Creates a secret.
        public init(name: String, environmentName: String, length: Int = 64, rotateEveryDays: Int? = nil) {
            self.name = name
            self.environmentName = environmentName
            self.length = length
            self.rotateEveryDays = rotateEveryDays
        }
    }

    /// A zip artifact with its hashes.
    public struct Artifact: Sendable, Equatable {
        /// SHA-256, base64 (Lambda's CodeSha256).
        public var sha256Base64: String
        /// SHA-256, hex (the S3 key).
        public var sha256Hex: String
        /// Size in bytes.
        public var bytes: Int
        /// Whether it goes through S3.
        public var viaS3: Bool
        /// The zip on disk (needed to apply, not to plan).
        public var path: String?

        /// Creates an artifact description.
        public init(sha256Base64: String, sha256Hex: String, bytes: Int, viaS3: Bool, path: String? = nil) {
            self.sha256Base64 = sha256Base64
            self.sha256Hex = sha256Hex
            self.bytes = bytes
            self.viaS3 = viaS3
            self.path = path
        }
    }

    /// The project name.
    public var project: String
    /// The stage.
    public var stage: String
    /// The region.
    public var region: String
    /// The account id.
    public var account: String
    /// The AWS partition.
    public var partition: String = "aws"
    /// The runtime.
    public var runtime: String
    /// The handler.
    public var handler: String
    /// `x86_64` or `arm64`: the layer's, and the one-function form's function's (each function of `functions:`
    /// has its own).
    public var architecture: String
    /// Memory in MB.
    public var memory: Int
    /// Timeout in seconds.
    public var timeout: Int
    /// The user's environment variables (the generated ones are added).
    public var environment: [String: String]
    /// Tables.
    public var tables: [Table]
    /// Secrets.
    public var secrets: [Secret]
    /// Administrators' usernames.
    public var admins: [String]
    /// Extra statements for the execution policy.
    public var extraPermissions: [PolicyStatement]
    /// `$default` or route keys such as `GET /movies`.
    public var routes: [String]
    /// CORS allowed origins, methods, headers and max age (nil: no CORS).
    public var cors: APIDriver.Cors?
    /// Log retention in days (nil: forever).
    public var logRetentionDays: Int?
    /// User tags (hoist adds `hoist:project` and `hoist:stage`).
    public var tags: [String: String]
    /// The code zip.
    public var code: Artifact
    /// The layer zip, if any.
    public var layer: Artifact?
    /// DynamoDB actions the function needs.
    public var tableActions: [String] = PolicyGenerator.backendTableActions
    /// Reserved concurrent executions; nil leaves the function unreserved.
    public var reservedConcurrency: Int?
    /// Multipart part size for S3 uploads.
    public var partSizeBytes: Int = 8 << 20
    /// The user variables plans may show in clear (`public: true`); other user values show as digests.
    public var publicEnvironment: Set<String> = []
    /// The artifact bucket hoist.yml names (`upload.bucket`); nil for `hoist-<account>-<region>`.
    public var bucket: String?
    /// The alias the triggers invoke (`deploy.alias`).
    public var alias = "live"
    /// The published versions kept (`deploy.keep_versions`).
    public var keepVersions = 5
    /// The source's git commit, recorded in the versions a deploy publishes; nil outside a repository.
    public var sourceCommit: String?
    /// The functions of `functions:`; empty for the one-function form, which the fields above describe.
    public var functions: [Function] = []

    /// The artifact bucket: hoist.yml's, else `hoist-<account>-<region>`.
    public var artifactBucket: String { bucket ?? ResourceNames.bucket(account: account, region: region) }

    /// Creates inputs.
    public init(
        project: String, stage: String, region: String, account: String, runtime: String = "provided.al2023",
        handler: String = "bootstrap", architecture: String = "x86_64", memory: Int = 512, timeout: Int = 10,
        environment: [String: String] = [:], tables: [Table] = [], secrets: [Secret] = [], admins: [String] = [],
        extraPermissions: [PolicyStatement] = [], routes: [String] = ["$default"], cors: APIDriver.Cors? = nil,
        logRetentionDays: Int? = nil, tags: [String: String] = [:], code: Artifact, layer: Artifact? = nil
    ) {
        self.project = project
        self.stage = stage
        self.region = region
        self.account = account
        self.runtime = runtime
        self.handler = handler
        self.architecture = architecture
        self.memory = memory
        self.timeout = timeout
        self.environment = environment
        self.tables = tables
        self.secrets = secrets
        self.admins = admins
        self.extraPermissions = extraPermissions
        self.routes = routes
        self.cors = cors
        self.logRetentionDays = logRetentionDays
        self.tags = tags
        self.code = code
        self.layer = layer
    }
}

/// The deterministic names of a deployment's resources (DESIGN.md: project `movies-api`, stage `dev`).
public struct ResourceNames: Sendable, Equatable {
    /// The project.
    public var project: String
    /// The stage.
    public var stage: String

    /// Creates the naming scheme.
    public init(project: String, stage: String) {
        self.project = project
        self.stage = stage
    }

    /// `movies-api-dev`: function, role, API.
    public var base: String { "\(project)-\(stage)" }
    /// The Lambda function (and role) of function `name`: `movies-api-dev` for the function named after the
    /// project, `movies-api-dev-worker` for the others.
    public func function(_ name: String) -> String { name == project ? base : "\(base)-\(name)" }
    /// `/aws/lambda/<function>`.
    public func logGroup(_ name: String) -> String { "/aws/lambda/\(function(name))" }
    /// The queue function `name` drains: named as the function.
    public func queue(_ name: String) -> String { function(name) }
    /// Its dead-letter queue: `<queue>-dlq`.
    public func deadLetterQueue(_ name: String) -> String { "\(function(name))-dlq" }
    /// The role EventBridge Scheduler takes to invoke function `name`: `<function>-schedule`.
    public func scheduleRole(_ name: String) -> String { "\(function(name))-schedule" }
    /// `movies-api-dev-execution`.
    public var rolePolicy: String { "\(base)-execution" }
    /// `/aws/lambda/movies-api-dev`.
    public var logGroup: String { "/aws/lambda/\(base)" }
    /// `movies-api-dev-deps`.
    public var layer: String { "\(base)-deps" }
    /// `movies-api-dev-users`.
    public func table(_ name: String) -> String { "\(base)-\(name)" }
    /// `movies-api/dev/JWT_SECRET_KEY`.
    public func secret(_ name: String) -> String { "\(project)/\(stage)/\(name)" }
    /// `hoist-<account>-<region>`.
    public static func bucket(account: String, region: String) -> String { "hoist-\(account)-\(region)" }
    /// `<project>/<sha256 hex>.zip`.
    public func artifactKey(sha256Hex: String) -> String { "\(project)/\(sha256Hex).zip" }
    /// The statement id of the API's invoke permission.
    public var invokePermission: String { "\(base)-apigateway-invoke" }
    /// The statement id of the API's invoke permission on the alias the API invokes.
    public func invokePermission(alias: String) -> String { "\(invokePermission)-\(alias)" }
    /// `movies-api-dev-rotate`: the rotation function and its role.
    public var rotation: String { "\(base)-rotate" }
    /// `movies-api-dev-rotate-execution`: the rotation role's inline policy.
    public var rotationRolePolicy: String { "\(rotation)-execution" }
    /// `/aws/lambda/movies-api-dev-rotate`.
    public var rotationLogGroup: String { "/aws/lambda/\(rotation)" }
    /// The statement id of Secrets Manager's permission to invoke the rotation function.
    public var rotationPermission: String { "\(rotation)-secretsmanager-invoke" }
}
