extension DeploymentInputs {
    /// One function of the deployment with its own code, sizing, environment, what it uses and its triggers.
    public struct Function: Sendable, Equatable {
        /// The name hoist.yml gives it; the project's name for the function of the one-function form.
        public var name: String
        /// The handler.
        public var handler: String
        /// `x86_64` or `arm64`.
        public var architecture: String
        /// Memory in MB.
        public var memory: Int
        /// Timeout in seconds.
        public var timeout: Int
        /// Reserved concurrent executions; nil leaves it unreserved.
        public var reservedConcurrency: Int?
        /// The user's environment variables (the generated ones are added).
        public var environment: [String: String]
        /// The user variables plans may show in clear.
        public var publicEnvironment: Set<String>
        /// Its code zip.
        public var code: Artifact
        /// The tables it uses, by logical name.
        public var tables: [String]
        /// The secrets it uses, by name.
        public var secrets: [String]
        /// The functions whose queues it sends to.
        public var sendsTo: [String]
        /// Extra statements for its role.
        public var extraPermissions: [PolicyStatement]
        /// Its HTTP API routes.
        public var routes: [String]
        /// Its function URL.
        public var url: URLTrigger?
        /// Its schedule.
        public var schedule: ScheduleTrigger?
        /// The queue it drains.
        public var queue: QueueTrigger?

        /// Creates a function.
        public init(
            name: String, handler: String = "bootstrap", architecture: String = "x86_64", memory: Int = 512,
            timeout: Int = 10,
            reservedConcurrency: Int? = nil, environment: [String: String] = [:], publicEnvironment: Set<String> = [],
            code: Artifact, tables: [String] = [], secrets: [String] = [], sendsTo: [String] = [],
            extraPermissions: [PolicyStatement] = [], routes: [String] = [], url: URLTrigger? = nil,
            schedule: ScheduleTrigger? = nil, queue: QueueTrigger? = nil
        ) {
            self.name = name
            self.handler = handler
            self.architecture = architecture
            self.memory = memory
            self.timeout = timeout
            self.reservedConcurrency = reservedConcurrency
            self.environment = environment
            self.publicEnvironment = publicEnvironment
            self.code = code
            self.tables = tables
            self.secrets = secrets
            self.sendsTo = sendsTo
            self.extraPermissions = extraPermissions
            self.routes = routes
            self.url = url
            self.schedule = schedule
            self.queue = queue
        }
    }

    /// The functions deployed: `functions`, or, when it is empty, the one function the single-function fields
    /// describe (named after the project, using every table and secret).
    public var deployedFunctions: [Function] {
        if !functions.isEmpty { return functions }
        return [
            Function(
                name: project, handler: handler, architecture: architecture, memory: memory, timeout: timeout,
                reservedConcurrency: reservedConcurrency, environment: environment,
                publicEnvironment: publicEnvironment, code: code, tables: tables.map(\.name),
                secrets: secrets.map(\.name), extraPermissions: extraPermissions, routes: routes)
        ]
    }

    /// Every zip the deployment uploads, each once: the functions' code (functions of one product share it) and
    /// the layer.
    public var artifacts: [Artifact] {
        var seen: Set<String> = []
        return (deployedFunctions.map(\.code) + (layer.map { [$0] } ?? [])).filter {
            seen.insert($0.sha256Hex).inserted
        }
    }
}
