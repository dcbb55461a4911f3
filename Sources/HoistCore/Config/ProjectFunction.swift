/// One function of a project: `functions.<name>` in hoist.yml, or the one function of the one-function form
/// (named after the project, from the top-level `backend`, `handler`, `function` and `api.routes`).
public struct ProjectFunction: Sendable, Equatable {
    /// Function names: a lowercase letter, then lowercase letters and digits. No `-`, so that
    /// `<project>-<stage>-<name>` never meets another function's or hoist's own suffixes (`-dlq`, `-schedule`).
    public static let nameLimit = 24
    /// Names hoist gives its own resources of a stage, which a function may not take.
    public static let reservedNames: Set<String> = ["rotate", "deps", "execution", "dlq", "schedule"]

    /// The name hoist.yml gives it (the project's name in the one-function form).
    public var name: String
    /// The executable product that becomes its `bootstrap` (Swift runtimes); nil for Python.
    public var product: String?
    /// The handler (`bootstrap` for Swift; `module.function` for Python).
    public var handler: String
    /// Memory, timeout, reserved concurrency and the user's environment.
    public var settings: FunctionConfig
    /// The instruction set it runs on: its own `architecture`, else the top-level one. Products are built once per
    /// architecture that some function needs.
    public var architecture: Architecture
    /// The tables and secrets it reads and writes: its role allows exactly these, its environment names them.
    public var uses: [String]
    /// The queues (the names of functions with a `queue` trigger) it may send to.
    public var sendsTo: [String]
    /// Extra statements for its role.
    public var permissions: [PermissionStatement]
    /// The HTTP API routes it answers (`$default` or `METHOD /path`); empty for none.
    public var routes: [String]
    /// Its function URL, if any.
    public var url: URLTrigger?
    /// Its schedule, if any.
    public var schedule: ScheduleTrigger?
    /// The queue it drains, if any.
    public var queue: QueueTrigger?

    /// Creates a function.
    public init(
        name: String, product: String? = nil, handler: String = "bootstrap", settings: FunctionConfig = .init(),
        architecture: Architecture = .x86_64, uses: [String] = [], sendsTo: [String] = [],
        permissions: [PermissionStatement] = [],
        routes: [String] = [], url: URLTrigger? = nil, schedule: ScheduleTrigger? = nil, queue: QueueTrigger? = nil
    ) {
        self.name = name
        self.product = product
        self.handler = handler
        self.settings = settings
        self.architecture = architecture
        self.uses = uses
        self.sendsTo = sendsTo
        self.permissions = permissions
        self.routes = routes
        self.url = url
        self.schedule = schedule
        self.queue = queue
    }

    /// Whether `name` is a usable function name (pure).
    public static func isValidName(_ name: String) -> Bool {
        guard let first = name.first, ConfigRules.isLowerASCIILetter(first), name.count <= nameLimit else {
            return false
        }
        return name.allSatisfy { ConfigRules.isLowerASCIILetter($0) || ConfigRules.isDigit($0) }
    }

    /// The environment variable that carries the URL of the queue of function `name`: `WORKER_QUEUE_URL`.
    public static func queueURLVariable(_ name: String) -> String { name.uppercased() + "_QUEUE_URL" }
}
