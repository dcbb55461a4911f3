/// The Lambda function's sizing and environment.
public struct FunctionConfig: Sendable, Equatable {
    /// The allowed memory sizes in MB.
    public static let memoryRange: ClosedRange<Int> = 128...10240
    /// The allowed timeouts in seconds.
    public static let timeoutRange: ClosedRange<Int> = 1...900
    /// The allowed reserved concurrency values.
    public static let reservedConcurrencyRange: ClosedRange<Int> = 0...1000
    /// Lambda's limit on the total size of the environment (names plus values, in bytes).
    public static let environmentLimitBytes = 4096

    /// Memory in MB (128–10240, default 512).
    public var memory: Int
    /// Timeout in seconds (1–900, default 10).
    public var timeout: Int
    /// Reserved concurrency (0–1000), or nil for the account's unreserved pool.
    public var reservedConcurrency: Int?
    /// The user's environment variables (hoist adds the table, secret and admin variables on top).
    public var environment: [String: String]
    /// The variables hoist.yml marks `public: true`: plans show their values; every other user value shows as
    /// a short digest.
    public var publicEnvironment: Set<String> = []

    /// Creates the function settings with the documented defaults.
    public init(
        memory: Int = 512, timeout: Int = 10, reservedConcurrency: Int? = nil, environment: [String: String] = [:]
    ) {
        self.memory = memory
        self.timeout = timeout
        self.reservedConcurrency = reservedConcurrency
        self.environment = environment
    }
}
