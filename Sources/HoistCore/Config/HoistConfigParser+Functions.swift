import Yams

/// `functions:`: a project of several functions, each with its product or handler, sizing, what it uses and its
/// triggers; checked against each other (routes claimed twice, queues that do not exist) once all are read.
extension HoistConfigParser {
    static let projectFunctionKeys = [
        "product", "handler", "architecture", "memory", "timeout", "reserved_concurrency", "environment", "uses",
        "sends_to",
        "permissions", "http", "url", "schedule", "queue",
    ]
    static let urlKeys = ["auth", "cors"]
    static let scheduleKeys = ["expression", "timezone", "payload"]
    static let queueKeys = [
        "batch_size", "batching_window", "max_receives", "visibility_timeout", "retention_days",
        "partial_batch_responses",
    ]

    /// Reads `functions:`; the top-level `function:` gives every function its defaults.
    /// `handlerDefault` says whether the top level names a handler that Python functions take by default;
    /// `secrets` is the top-level `secrets:` node, for placing errors about a secret.
    mutating func parseFunctions(_ node: Node, config: HoistConfig, handlerDefault: Bool, secrets: Node?)
        -> [ProjectFunction]
    {
        guard
            let entries = reader.entries(
                node, "functions", example: "functions: {api: {product: API, http: $default}}")
        else { return [] }
        if entries.isEmpty {
            reader.report(
                .invalidValue, "functions is empty", at: node, hint: "omit it for one function named after the project")
        }
        var functions: [(ProjectFunction, ConfigReader.Entry)] = []
        for entry in entries {
            let name = entry.key
            if !ProjectFunction.isValidName(name) {
                reader.report(
                    .invalidValue, "function name '\(name)' is not valid", at: entry.keyNode,
                    hint: "a lowercase letter, then lowercase letters and digits, at most "
                        + "\(ProjectFunction.nameLimit) characters; no '-', which hoist's own names use")
                continue
            }
            if ProjectFunction.reservedNames.contains(name) {
                reader.report(
                    .invalidValue, "function name '\(name)' is reserved", at: entry.keyNode,
                    hint: "hoist names its own resources with it; reserved: "
                        + ProjectFunction.reservedNames.sorted().joined(separator: ", "))
                continue
            }
            let function = parseProjectFunction(entry, config: config, handlerDefault: handlerDefault)
            functions.append((function, entry))
        }
        checkReferences(functions, config: config, secrets: secrets)
        return functions.map(\.0)
    }

    /// One `functions.<name>` entry.
    mutating func parseProjectFunction(_ entry: ConfigReader.Entry, config: HoistConfig, handlerDefault: Bool)
        -> ProjectFunction
    {
        let what = "functions.\(entry.key)"
        var function = ProjectFunction(
            name: entry.key, handler: config.handler, settings: config.function, architecture: config.architecture)
        function.settings.environment = config.function.environment
        guard !ConfigReader.isNull(entry.value),
            let fields = reader.fields(
                entry.value, what, allowed: Self.projectFunctionKeys, anchor: entry.keyNode.position)
        else {
            if config.runtime.isProvided {
                reader.report(
                    .missing, "\(what) needs a 'product' (the executable to deploy)", at: entry.keyNode,
                    hint: "e.g. \(entry.key): {product: \(entry.key.capitalized)}")
            } else if !handlerDefault {
                reader.report(
                    .missing, "\(what) needs a 'handler'", at: entry.keyNode, hint: "e.g. handler: app.handler")
            }
            return function
        }
        parseFunctionCode(fields, what: what, runtime: config.runtime, into: &function)
        if !config.runtime.isProvided, !handlerDefault, fields["handler"] == nil {
            reader.report(.missing, "\(what) needs a 'handler'", at: fields.anchor, hint: "e.g. handler: app.handler")
        }
        if let node = fields["architecture"], let text = reader.string(node, "\(what).architecture") {
            if let architecture = Architecture(rawValue: text) {
                function.architecture = architecture
            } else {
                reader.report(
                    .invalidValue, "\(what).architecture '\(text)' is not supported", at: node,
                    hint: Architecture.hint(for: text))
            }
        }
        if let node = fields["memory"], let value = memory(node, "\(what).memory") { function.settings.memory = value }
        if let node = fields["timeout"], let value = timeout(node, "\(what).timeout") {
            function.settings.timeout = value
        }
        if let node = fields["reserved_concurrency"],
            let value = reader.int(
                node, "\(what).reserved_concurrency", range: FunctionConfig.reservedConcurrencyRange)
        {
            function.settings.reservedConcurrency = value
        }
        if let node = fields["environment"] {
            var publicNames = function.settings.publicEnvironment
            let own = environment(node, "\(what).environment", publicNames: &publicNames) ?? [:]
            function.settings.environment.merge(own) { _, own in own }
            function.settings.publicEnvironment = publicNames
        }
        if let node = fields["uses"], let list = reader.stringList(node, "\(what).uses", example: "uses: [users]") {
            function.uses = list.map(\.0)
        }
        if let node = fields["sends_to"],
            let list = reader.stringList(node, "\(what).sends_to", example: "sends_to: [worker]")
        {
            function.sendsTo = list.map(\.0)
        }
        if let node = fields["permissions"] { function.permissions = parsePermissions(node, "\(what).permissions") }
        if let node = fields["http"] { function.routes = routes(node, "\(what).http").routeKeys }
        if let entry = fields.entry("url") { function.url = urlTrigger(entry, what: "\(what).url") }
        if let entry = fields.entry("schedule"), !ConfigReader.isNull(entry.value) {
            function.schedule = scheduleTrigger(entry, what: "\(what).schedule")
        }
        if let entry = fields.entry("queue") {
            function.queue = queueTrigger(entry, what: "\(what).queue", timeout: function.settings.timeout)
        }
        return function
    }

    /// `product` (Swift runtimes, required) or `handler` (Python).
    mutating func parseFunctionCode(
        _ fields: ConfigReader.Fields, what: String, runtime: Runtime, into function: inout ProjectFunction
    ) {
        if let node = fields["product"], let product = reader.string(node, "\(what).product") {
            if !runtime.isProvided {
                reader.report(
                    .invalidValue, "\(what).product needs a provided.* runtime", at: node,
                    hint: "a Python function names its 'handler' instead")
            } else if product.isEmpty || product.contains(where: { $0.isWhitespace || $0 == "/" }) {
                reader.report(.invalidValue, "\(what).product '\(product)' is not a product name", at: node)
            } else {
                function.product = product
            }
        } else if runtime.isProvided, fields["product"] == nil {
            reader.report(
                .missing, "\(what) needs a 'product' (the executable to deploy)", at: fields.anchor,
                hint: "e.g. product: \(function.name.capitalized)")
        }
        if let node = fields["handler"], let text = reader.string(node, "\(what).handler") {
            if runtime.isProvided {
                reader.report(
                    .invalidValue, "\(what).handler is for Python runtimes", at: node,
                    hint: "a Swift function's handler is its product's bootstrap")
            } else if text.isEmpty || text.contains(where: \.isWhitespace) || text.count > 128 {
                reader.report(.invalidValue, "handler '\(text)' is not valid", at: node, hint: "e.g. app.handler")
            } else {
                function.handler = text
            }
        }
    }

    /// `url: true`, `url: {auth: none, cors: {…}}`.
    mutating func urlTrigger(_ entry: ConfigReader.Entry, what: String) -> URLTrigger? {
        let node = entry.value
        if ConfigReader.isNull(node) { return URLTrigger() }
        if case .scalar = node, ConfigReader.tagName(node) == .bool {
            return reader.bool(node, what) == true ? URLTrigger() : nil
        }
        guard let fields = reader.fields(node, what, allowed: Self.urlKeys, anchor: entry.keyNode.position) else {
            return nil
        }
        var url = URLTrigger()
        if let node = fields["auth"], let text = reader.string(node, "\(what).auth") {
            if let auth = URLTrigger.Auth(rawValue: text) {
                url.auth = auth
            } else {
                reader.report(
                    .invalidValue, "\(what).auth '\(text)' is not iam or none", at: node,
                    hint: "iam: callers sign their requests (the default); none: anyone may call it")
            }
        }
        if let node = fields["cors"] { url.cors = cors(node, "\(what).cors") }
        return url
    }

    /// `schedule: rate(1 day)`, or `{expression: …, timezone: …, payload: {…}}`.
    mutating func scheduleTrigger(_ entry: ConfigReader.Entry, what: String) -> ScheduleTrigger? {
        var expressionNode = entry.value
        var expressionWhat = what
        var schedule = ScheduleTrigger(expression: "")
        switch entry.value {
        case .mapping:
            guard
                let fields = reader.fields(
                    entry.value, what, allowed: Self.scheduleKeys, anchor: entry.keyNode.position)
            else { return nil }
            guard let expression = fields["expression"] else {
                reader.report(
                    .missing, "missing required key 'expression' in \(what)", at: fields.anchor,
                    hint: "e.g. expression: rate(1 day)")
                return nil
            }
            expressionNode = expression
            expressionWhat = "\(what).expression"
            if let node = fields["timezone"], let zone = reader.string(node, "\(what).timezone") {
                if zone.isEmpty || zone.count > 50 || zone.contains(where: \.isWhitespace) {
                    reader.report(.invalidValue, "\(what).timezone '\(zone)' is not a time zone", at: node)
                } else {
                    schedule.timezone = zone
                }
            }
            if let node = fields["payload"] { schedule.payload = ConfigPayload.json(node) }
        case .sequence:
            reader.report(
                .wrongType, "\(what) must be an expression or a mapping, got a list", at: entry.value,
                hint: "e.g. schedule: rate(1 day), or schedule: {expression: cron(0 3 * * ? *), timezone: UTC}")
            return nil
        case .scalar: break
        }
        guard let text = reader.string(expressionNode, expressionWhat) else { return nil }
        if let problem = ScheduleExpression.problem(text) {
            reader.report(
                .invalidValue, "\(expressionWhat) '\(text)' is not a schedule: \(problem)", at: expressionNode)
            return nil
        }
        schedule.expression = text
        return schedule
    }

    /// `queue: {}` (the defaults) or its settings; the visibility timeout is checked against the function's
    /// timeout.
    mutating func queueTrigger(_ entry: ConfigReader.Entry, what: String, timeout: Int) -> QueueTrigger? {
        var queue = QueueTrigger()
        if ConfigReader.isNull(entry.value) { return queue }
        guard let fields = reader.fields(entry.value, what, allowed: Self.queueKeys, anchor: entry.keyNode.position)
        else { return nil }
        if let node = fields["batch_size"],
            let value = reader.int(node, "\(what).batch_size", range: QueueTrigger.batchSizeRange)
        {
            queue.batchSize = value
        }
        var windowRead = true
        if let node = fields["batching_window"] {
            let value = reader.int(
                node, "\(what).batching_window", range: QueueTrigger.batchingWindowRange, unit: " seconds")
            queue.batchingWindow = value ?? queue.batchingWindow
            windowRead = value != nil
        }
        // A batching_window that is itself wrong is reported alone.
        if queue.batchSize > 10, queue.batchingWindow == 0, windowRead {
            reader.report(
                .invalidValue, "\(what).batch_size \(queue.batchSize) needs a batching_window of at least 1 second",
                at: fields["batch_size"]?.position ?? fields.anchor,
                hint: "Lambda takes more than 10 messages per batch only while it waits to fill one")
        }
        if let node = fields["max_receives"],
            let value = reader.int(node, "\(what).max_receives", range: QueueTrigger.maxReceivesRange)
        {
            queue.maxReceives = value
        }
        if let node = fields["retention_days"],
            let value = reader.int(
                node, "\(what).retention_days", range: QueueTrigger.retentionDaysRange, unit: " days")
        {
            queue.retentionDays = value
        }
        if let node = fields["partial_batch_responses"],
            let value = reader.bool(node, "\(what).partial_batch_responses")
        {
            queue.partialBatchResponses = value
        }
        if let node = fields["visibility_timeout"],
            let value = reader.int(
                node, "\(what).visibility_timeout", range: QueueTrigger.visibilityTimeoutRange, unit: " seconds")
        {
            let least = timeout * QueueTrigger.visibilityFactor
            if value < least {
                reader.report(
                    .outOfRange,
                    "\(what).visibility_timeout \(value) seconds is under six times the function's timeout "
                        + "(\(timeout) s → at least \(least) s)", at: node,
                    hint: "AWS advises it, so that a message is not handed to a second invocation while the first "
                        + "still runs; omit it for \(least)")
            } else {
                queue.visibilityTimeout = value
            }
        }
        return queue
    }
}
