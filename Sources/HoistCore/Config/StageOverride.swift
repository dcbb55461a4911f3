/// What one stage changes on top of the base configuration (every field optional).
public struct StageOverride: Sendable, Equatable {
    /// Replaces the region.
    public var region: String?
    /// Replaces individual function settings; `environment` entries are merged over the base ones.
    public var function: FunctionOverride
    /// Per-table billing and point-in-time recovery, by table name.
    public var tables: [String: TableOverride]
    /// Replaces the admin list.
    public var admins: [String]?
    /// Replaces the log retention.
    public var logRetentionDays: Int?
    /// Merged over the base tags.
    public var tags: [String: String]
    /// Replaces the API's CORS settings.
    public var cors: CORSConfig?
    /// Replaces individual upload settings.
    public var upload: UploadOverride

    /// Creates an override (empty by default).
    public init(
        region: String? = nil, function: FunctionOverride = FunctionOverride(), tables: [String: TableOverride] = [:],
        admins: [String]? = nil, logRetentionDays: Int? = nil, tags: [String: String] = [:], cors: CORSConfig? = nil,
        upload: UploadOverride = UploadOverride()
    ) {
        self.region = region
        self.function = function
        self.tables = tables
        self.admins = admins
        self.logRetentionDays = logRetentionDays
        self.tags = tags
        self.cors = cors
        self.upload = upload
    }
}

/// A stage's function settings; nil keeps the base value.
public struct FunctionOverride: Sendable, Equatable {
    /// Replaces the memory (MB).
    public var memory: Int?
    /// Replaces the timeout (s).
    public var timeout: Int?
    /// Replaces the reserved concurrency.
    public var reservedConcurrency: Int?
    /// Merged over the base environment.
    public var environment: [String: String]
    /// Variables the stage marks `public: true`.
    public var publicEnvironment: Set<String> = []

    /// Creates a function override (empty by default).
    public init(
        memory: Int? = nil, timeout: Int? = nil, reservedConcurrency: Int? = nil, environment: [String: String] = [:]
    ) {
        self.memory = memory
        self.timeout = timeout
        self.reservedConcurrency = reservedConcurrency
        self.environment = environment
    }
}

/// A stage's settings for one table; nil keeps the base value.
public struct TableOverride: Sendable, Equatable {
    /// Replaces the billing mode.
    public var billing: BillingMode?
    /// Replaces point-in-time recovery.
    public var pointInTimeRecovery: Bool?

    /// Creates a table override.
    public init(billing: BillingMode? = nil, pointInTimeRecovery: Bool? = nil) {
        self.billing = billing
        self.pointInTimeRecovery = pointInTimeRecovery
    }
}

/// A stage's upload settings; nil keeps the base value.
public struct UploadOverride: Sendable, Equatable {
    /// Replaces the direct-upload limit (bytes).
    public var directLimitBytes: Int?
    /// Replaces the multipart part size (bytes).
    public var partSizeBytes: Int?
    /// Replaces the artifact bucket.
    public var bucket: String?

    /// Creates an upload override.
    public init(directLimitBytes: Int? = nil, partSizeBytes: Int? = nil, bucket: String? = nil) {
        self.directLimitBytes = directLimitBytes
        self.partSizeBytes = partSizeBytes
        self.bucket = bucket
    }
}
