import Yams

/// Turns a composed YAML tree into a `HoistConfig`, collecting every problem on the way.
struct HoistConfigParser {
    static let topLevelKeys = [
        "project", "region", "runtime", "handler", "architecture", "backend", "function", "layer", "requirements",
        "code_extra",
        "tables", "secrets", "admins", "permissions", "api", "log_retention_days", "tags", "upload", "default_stage",
        "stages", "deploy", "functions",
    ]
    static let functionKeys = ["memory", "timeout", "reserved_concurrency", "environment"]
    static let contentKeys = ["path", "prefix", "exclude"]
    static let tableKeys = ["partition_key", "sort_key", "billing", "point_in_time_recovery", "env", "actions"]
    static let keyAttributeKeys = ["name", "type"]
    static let secretKeys = ["length", "env", "rotate_every"]
    static let permissionKeys = ["actions", "resources"]
    static let apiKeys = ["routes", "cors"]
    static let corsKeys = ["allow_origins", "allow_methods", "allow_headers", "max_age"]
    static let uploadKeys = ["direct_limit_mb", "part_size_mb", "bucket"]
    static let deployKeys = ["alias", "keep_versions", "canary", "canary_threshold"]
    static let stageKeys = ["region", "function", "tables", "admins", "log_retention_days", "tags", "api", "upload"]
    static let stageTableKeys = ["billing", "point_in_time_recovery"]

    var reader: ConfigReader
    /// Where `function.environment` (or failing that `function`, or the file) is, for environment-size errors.
    var environmentPosition: Position?
    /// Generated environment variables with where they come from, for collision checks.
    var generatedNames: [(name: String, source: String, position: Position?)] = []

    init(file: String) {
        reader = ConfigReader(file: file)
    }

    // MARK: Top level

    mutating func parse(root: Node?, file: String, baseDirectory: String) -> HoistConfig? {
        guard let root, !ConfigReader.isNull(root) else {
            reader.report(
                .missing, "the file is empty: 'project' is required", at: nil, hint: "e.g. project: movies-api")
            return nil
        }
        let nested = [
            ("function", Self.functionKeys), ("backend", ["path", "product"]), ("upload", Self.uploadKeys),
            ("api", Self.apiKeys), ("deploy", Self.deployKeys),
        ]
        guard
            let fields = reader.fields(
                root, "hoist.yml", allowed: Self.topLevelKeys, anchor: Position(line: 1, column: 1), nested: nested)
        else { return nil }
        environmentPosition = root.position

        var config = HoistConfig(project: "", configFile: file, baseDirectory: baseDirectory)
        if let node = fields["project"] {
            if let project = reader.string(node, "project") {
                if ConfigRules.isResourceName(project, maxLength: 40) {
                    config.project = project
                } else {
                    reader.report(
                        .invalidValue, "project '\(project)' is not a valid name", at: node,
                        hint: "use 1–40 characters a-z, 0-9 and '-', starting with a letter")
                }
            }
        } else {
            reader.report(
                .missing, "missing required key 'project'", at: fields.anchor, hint: "e.g. project: movies-api")
        }
        if let node = fields["region"] { config.region = region(node, "region") }
        var runtimeKnown = true
        if let node = fields["runtime"], let text = reader.string(node, "runtime") {
            if let runtime = Runtime(identifier: text) {
                config.runtime = runtime
            } else {
                runtimeKnown = false
                reader.report(
                    .invalidValue, "unsupported runtime '\(text)'", at: node,
                    hint: "use provided.al2023, provided.al2 or python3.9–python3.13")
            }
        }
        parseHandler(fields, into: &config)
        if let node = fields["architecture"], let text = reader.string(node, "architecture") {
            if let architecture = Architecture(rawValue: text) {
                config.architecture = architecture
            } else {
                reader.report(
                    .invalidValue, "unsupported architecture '\(text)'", at: node, hint: Architecture.hint(for: text))
            }
        }
        parseBackend(fields, into: &config, requireProduct: runtimeKnown && fields["functions"] == nil)
        if let node = fields["function"] {
            environmentPosition = node.position
            config.function = parseFunction(node, "function", keyMark: fields.entry("function")?.keyNode.position)
        }
        if let node = fields["layer"] { config.layer = contentList(node, "layer") }
        if let node = fields["requirements"] {
            config.requirements = requirements(node, runtime: config.runtime, runtimeKnown: runtimeKnown)
        }
        if let node = fields["code_extra"] { config.codeExtra = contentList(node, "code_extra") }
        if let node = fields["tables"] { config.tables = parseTables(node) }
        if let node = fields["secrets"] { config.secrets = parseSecrets(node, runtime: config.runtime) }
        if let node = fields["admins"] {
            config.admins = admins(node, "admins") ?? []
            if !config.admins.isEmpty {
                generatedNames.append((ConfigRules.adminsVariable, "admins", fields.entry("admins")?.keyNode.position))
            }
        }
        if let node = fields["permissions"] { config.permissions = parsePermissions(node) }
        if let node = fields["api"] { config.api = parseAPI(node) }
        if let node = fields["log_retention_days"] {
            config.logRetentionDays = logRetention(node, "log_retention_days")
        }
        if let node = fields["tags"] { config.tags = tags(node, "tags") ?? [:] }
        if let node = fields["upload"] { config.upload = parseUpload(node, "upload", base: UploadConfig()) }
        if let node = fields["deploy"] { config.deploy = parseDeploy(node, "deploy") }
        if let node = fields["default_stage"], let text = reader.string(node, "default_stage") {
            if checkStageName(text, project: config.project, at: node, what: "default_stage") {
                config.defaultStage = text
            }
        }
        if let node = fields["functions"] {
            checkOneFunctionKeys(fields)
            config.declaredFunctions = parseFunctions(
                node, config: config, handlerDefault: fields["handler"] != nil, secrets: fields["secrets"])
        }
        checkGeneratedNames(config)
        parseStagesSection(fields, into: &config)
        checkEnvironmentSize(config)
        return config
    }

    /// `stages`, and the default stage against them (or, without `stages`, against the functions' names).
    mutating func parseStagesSection(_ fields: ConfigReader.Fields, into config: inout HoistConfig) {
        guard let entry = fields.entry("stages"), !ConfigReader.isNull(entry.value) else {
            if let node = fields["default_stage"], let collision = config.stageNameCollision(config.defaultStage) {
                reader.report(.invalidValue, collision.message, at: node, hint: collision.hint)
            }
            return
        }
        config.stages = parseStages(entry.value, config: config)
        // A default stage written under stages but refused there has its own error.
        let refused = ConfigReader.keyNode(config.defaultStage, in: entry.value) != nil
        if !config.stages.isEmpty, config.stages[config.defaultStage] == nil, !refused {
            let node = fields["default_stage"] ?? entry.keyNode
            reader.report(
                .invalidValue, "default stage '\(config.defaultStage)' is not declared under stages", at: node,
                hint: "declared: " + config.stages.keys.sorted().joined(separator: ", "))
        }
    }

    mutating func parseHandler(_ fields: ConfigReader.Fields, into config: inout HoistConfig) {
        if let node = fields["handler"], let text = reader.string(node, "handler") {
            if text.isEmpty || text.contains(where: \.isWhitespace) || text.count > 128 {
                reader.report(.invalidValue, "handler '\(text)' is not valid", at: node, hint: "e.g. app.handler")
            } else {
                config.handler = text
            }
        } else if case .python = config.runtime, fields["handler"] == nil, fields["functions"] == nil {
            let node = fields.entry("runtime")?.value
            reader.report(
                .missing, "runtime \(config.runtime) needs a 'handler'", at: node?.position ?? fields.anchor,
                hint: "e.g. handler: app.handler")
        }
    }

    mutating func parseBackend(_ fields: ConfigReader.Fields, into config: inout HoistConfig, requireProduct: Bool) {
        var anchor = fields.anchor
        if let entry = fields.entry("backend"), !ConfigReader.isNull(entry.value) {
            anchor = entry.keyNode.position
            if let backend = reader.fields(entry.value, "backend", allowed: ["path", "product"], anchor: anchor) {
                if let node = backend["path"], let path = reader.string(node, "backend.path") {
                    if path.isEmpty {
                        reader.report(.invalidValue, "backend.path is empty", at: node, hint: "use '.' for this folder")
                    } else {
                        config.backend.path = path
                    }
                }
                if let node = backend["product"], let product = reader.string(node, "backend.product") {
                    if product.isEmpty || product.contains(where: { $0.isWhitespace || $0 == "/" }) {
                        reader.report(.invalidValue, "backend.product '\(product)' is not a product name", at: node)
                    } else {
                        config.backend.product = product
                    }
                }
            } else {
                return
            }
        }
        if requireProduct, config.runtime.isProvided, config.backend.product == nil,
            !reader.errors.contains(where: { $0.message.hasPrefix("backend.product") })
        {
            reader.report(
                .missing, "missing required key 'backend.product' (the executable to deploy)", at: anchor,
                hint: "e.g. backend: {path: ., product: Backend}")
        }
    }

    // MARK: Function

    mutating func parseFunction(_ node: Node, _ what: String, keyMark: Position?) -> FunctionConfig {
        var function = FunctionConfig()
        guard let fields = reader.fields(node, what, allowed: Self.functionKeys, anchor: keyMark) else {
            return function
        }
        if let node = fields["memory"], let value = memory(node, "\(what).memory") { function.memory = value }
        if let node = fields["timeout"], let value = timeout(node, "\(what).timeout") { function.timeout = value }
        if let node = fields["reserved_concurrency"],
            let value = reader.int(
                node, "\(what).reserved_concurrency", range: FunctionConfig.reservedConcurrencyRange)
        {
            function.reservedConcurrency = value
        }
        if let node = fields["environment"] {
            environmentPosition = node.position
            function.environment =
                environment(node, "\(what).environment", publicNames: &function.publicEnvironment) ?? [:]
        }
        return function
    }

    mutating func memory(_ node: Node, _ what: String) -> Int? {
        reader.int(node, what, range: FunctionConfig.memoryRange, unit: " MB")
    }

    mutating func timeout(_ node: Node, _ what: String) -> Int? {
        reader.int(node, what, range: FunctionConfig.timeoutRange, unit: " seconds")
    }

    /// `NAME: value`, or `NAME: {value: …, public: true}` for a value plans may show in clear; public names go
    /// into `publicNames`.
    mutating func environment(_ node: Node, _ what: String, publicNames: inout Set<String>) -> [String: String]? {
        guard let all = reader.entries(node, what, example: "environment: {LOG_LEVEL: info}") else { return nil }
        var entries: [(String, Node, String)] = []
        for entry in all {
            if ConfigReader.isNull(entry.value) {
                entries.append((entry.key, entry.keyNode, ""))
                continue
            }
            if case .scalar = entry.value, let value = entry.value.scalar?.string {
                entries.append((entry.key, entry.keyNode, value))
                continue
            }
            guard case .mapping = entry.value, let valueNode = entry.value.mapping?["value"],
                let value = reader.string(valueNode, "\(what).\(entry.key).value")
            else {
                reader.report(
                    .wrongType, "\(what).\(entry.key) must be a string, or {value: …, public: true}", at: entry.value)
                continue
            }
            if let fields = reader.fields(
                entry.value, "\(what).\(entry.key)", allowed: ["value", "public"], anchor: entry.value.position),
                let flag = fields["public"], reader.bool(flag, "\(what).\(entry.key).public") == true
            {
                publicNames.insert(entry.key)
            }
            entries.append((entry.key, entry.keyNode, value))
        }
        var result: [String: String] = [:]
        for (name, keyNode, value) in entries {
            if ConfigRules.reservedEnvironment.contains(name) {
                reader.report(
                    .invalidValue, "environment variable '\(name)' is reserved by Lambda", at: keyNode,
                    hint: "Lambda sets it itself; choose another name")
            } else if !ConfigRules.isEnvironmentName(name) {
                reader.report(
                    .invalidValue, "'\(name)' is not a valid environment variable name", at: keyNode,
                    hint: "use letters, digits and '_', starting with a letter")
            } else {
                result[name] = value
            }
        }
        return result
    }

    // MARK: Content

    mutating func contentList(_ node: Node, _ what: String) -> [ContentSource] {
        guard case .sequence(let sequence) = node else {
            reader.report(
                .wrongType, "\(what) must be a list, got \(ConfigReader.describe(node))", at: node,
                hint: "e.g. \(what): [{path: lib/}]")
            return []
        }
        var result: [ContentSource] = []
        for (index, item) in sequence.enumerated() {
            let itemWhat = "\(what)[\(index)]"
            guard let fields = reader.fields(item, itemWhat, allowed: Self.contentKeys, anchor: item.position) else {
                continue
            }
            guard let pathNode = fields["path"] else {
                reader.report(.missing, "missing required key 'path' in \(itemWhat)", at: fields.anchor)
                continue
            }
            guard let path = reader.string(pathNode, "\(itemWhat).path") else { continue }
            if path.isEmpty {
                reader.report(.invalidValue, "\(itemWhat).path is empty", at: pathNode)
                continue
            }
            var source = ContentSource(path: path)
            if let node = fields["prefix"], let prefix = reader.string(node, "\(itemWhat).prefix") {
                if prefix.hasPrefix("/") || prefix.split(separator: "/").contains("..") {
                    reader.report(
                        .invalidValue, "\(itemWhat).prefix '\(prefix)' must stay inside the zip", at: node,
                        hint: "use a relative folder such as lib/")
                } else {
                    source.prefix = prefix
                }
            }
            if let node = fields["exclude"], let globs = reader.stringList(node, "\(itemWhat).exclude") {
                source.exclude = globs.map(\.0)
            }
            result.append(source)
        }
        return result
    }

    // MARK: Requirements

    /// `requirements`: a requirements file (a string) or a list of specifiers; only for python3.x runtimes.
    mutating func requirements(_ node: Node, runtime: Runtime, runtimeKnown: Bool) -> PythonRequirements? {
        if runtimeKnown, runtime.isProvided {
            reader.report(
                .invalidValue, "requirements need a python3.x runtime, not \(runtime)", at: node,
                hint: "set runtime: python3.11 (and a handler), or ship libraries with layer")
            return nil
        }
        if case .scalar = node {
            guard let path = reader.string(node, "requirements") else { return nil }
            if path.allSatisfy(\.isWhitespace) {
                reader.report(
                    .invalidValue, "requirements is empty", at: node,
                    hint: "name a requirements file or list the packages")
                return nil
            }
            return .file(path)
        }
        guard
            let items = reader.stringList(
                node, "requirements", example: "requirements: requirements.txt, or requirements: [pyjwt, passlib]")
        else { return nil }
        var result: [String] = []
        for (text, item) in items {
            let trimmed = String(text.drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
            if trimmed.isEmpty || trimmed.hasPrefix("-") || trimmed.contains("\n") {
                reader.report(
                    .invalidValue, "requirement '\(text)' is not a package specifier", at: item,
                    hint:
                        "e.g. pyjwt==2.9.0 or passlib[bcrypt]; pip options go in a requirements file or PIP_* variables"
                )
            } else {
                result.append(trimmed)
            }
        }
        if items.isEmpty {
            reader.report(.invalidValue, "requirements is an empty list", at: node, hint: "omit it for no layer")
        }
        return result.isEmpty ? nil : .list(result)
    }

    // MARK: Tables

    mutating func parseTables(_ node: Node) -> [TableConfig] {
        guard
            let entries = reader.entries(node, "tables", example: "tables: {users: {partition_key: username}}")
        else { return [] }
        var result: [TableConfig] = []
        for entry in entries {
            let what = "tables.\(entry.key)"
            if !ConfigRules.isTableName(entry.key) {
                reader.report(
                    .invalidValue, "table name '\(entry.key)' is not valid", at: entry.keyNode,
                    hint: "use letters, digits, '_', '-' and '.', starting with a letter")
                continue
            }
            guard
                let fields = reader.fields(
                    entry.value, what, allowed: Self.tableKeys, anchor: entry.keyNode.position,
                    example: "\(entry.key): {partition_key: id}")
            else { continue }
            var partition: KeyAttribute?
            if let node = fields["partition_key"] {
                partition = keyAttribute(node, "\(what).partition_key")
            } else {
                reader.report(
                    .missing, "missing required key 'partition_key' in \(what)", at: fields.anchor,
                    hint: "e.g. partition_key: id")
            }
            let sortKey = fields["sort_key"].flatMap { keyAttribute($0, "\(what).sort_key") }
            if let partition, let sortKey, partition.name == sortKey.name, let node = fields["sort_key"] {
                reader.report(
                    .invalidValue, "\(what).sort_key '\(sortKey.name)' is also the partition key", at: node)
            }
            var table = TableConfig(name: entry.key, partitionKey: partition ?? KeyAttribute(name: ""))
            table.sortKey = sortKey
            if let node = fields["billing"], let billing = billingMode(node, "\(what).billing") {
                table.billing = billing
            }
            if let node = fields["point_in_time_recovery"],
                let value = reader.bool(node, "\(what).point_in_time_recovery")
            {
                table.pointInTimeRecovery = value
            }
            var envPosition = entry.keyNode.position
            if let node = fields["env"], let env = reader.string(node, "\(what).env") {
                envPosition = node.position
                if checkGeneratedName(env, at: node, what: "\(what).env") { table.env = env }
            }
            if let node = fields["actions"] { table.actions = tableActions(node, "\(what).actions") }
            generatedNames.append((table.env, "table '\(entry.key)'", envPosition))
            if partition != nil { result.append(table) }
        }
        return result.sorted { $0.name < $1.name }
    }

    /// `[GetItem, PutItem]`: DynamoDB item actions, with or without `dynamodb:`; an unknown one gets a did-you-mean.
    mutating func tableActions(_ node: Node, _ what: String) -> [String]? {
        guard let items = reader.stringList(node, what, example: "actions: [GetItem, PutItem]") else { return nil }
        var actions: [String] = []
        for (text, itemNode) in items {
            let name = text.hasPrefix("dynamodb:") ? String(text.dropFirst("dynamodb:".count)) : text
            if TableConfig.allowedActions.contains(name) {
                actions.append(name)
            } else {
                reader.report(
                    .invalidValue, "'\(text)' is not a DynamoDB action hoist grants on a table", at: itemNode,
                    hint: ConfigReader.suggestion(for: name, among: TableConfig.allowedActions))
            }
        }
        return actions
    }

    mutating func keyAttribute(_ node: Node, _ what: String) -> KeyAttribute? {
        if case .scalar = node {
            guard let name = reader.string(node, what) else { return nil }
            return checkAttributeName(name, at: node, what: what) ? KeyAttribute(name: name) : nil
        }
        guard
            let fields = reader.fields(
                node, what, allowed: Self.keyAttributeKeys, anchor: node.position, example: "{name: id, type: S}")
        else { return nil }
        guard let nameNode = fields["name"] else {
            reader.report(.missing, "missing required key 'name' in \(what)", at: fields.anchor)
            return nil
        }
        guard let name = reader.string(nameNode, "\(what).name"), checkAttributeName(name, at: nameNode, what: what)
        else { return nil }
        var attribute = KeyAttribute(name: name)
        if let typeNode = fields["type"], let text = reader.string(typeNode, "\(what).type") {
            guard let type = KeyType(rawValue: text) else {
                reader.report(
                    .invalidValue, "\(what).type '\(text)' is not a key type", at: typeNode,
                    hint: "use S (string), N (number) or B (binary)")
                return nil
            }
            attribute.type = type
        }
        return attribute
    }

    mutating func checkAttributeName(_ name: String, at node: Node, what: String) -> Bool {
        if name.isEmpty || name.utf8.count > 255 {
            reader.report(.invalidValue, "\(what) must be 1–255 bytes long", at: node)
            return false
        }
        return true
    }

    mutating func billingMode(_ node: Node, _ what: String) -> BillingMode? {
        guard let text = reader.string(node, what) else { return nil }
        guard let mode = BillingMode(rawValue: text) else {
            reader.report(
                .invalidValue, "\(what) '\(text)' is not a billing mode", at: node,
                hint: "use on_demand or provisioned")
            return nil
        }
        return mode
    }

    // MARK: Secrets

    mutating func parseSecrets(_ node: Node, runtime: Runtime = .providedAL2023) -> [SecretConfig] {
        guard let entries = reader.entries(node, "secrets", example: "secrets: {JWT_SECRET_KEY: {length: 64}}") else {
            return []
        }
        var result: [SecretConfig] = []
        var rotated: String?
        for entry in entries {
            let what = "secrets.\(entry.key)"
            guard ConfigRules.isEnvironmentName(entry.key), entry.key.count <= 128 else {
                reader.report(
                    .invalidValue, "secret name '\(entry.key)' is not valid", at: entry.keyNode,
                    hint: "use letters, digits and '_', starting with a letter, e.g. JWT_SECRET_KEY")
                continue
            }
            var secret = SecretConfig(name: entry.key)
            var envPosition = entry.keyNode.position
            if !ConfigReader.isNull(entry.value),
                let fields = reader.fields(
                    entry.value, what, allowed: Self.secretKeys, anchor: entry.keyNode.position,
                    example: "\(entry.key): {length: 64}")
            {
                if let node = fields["length"],
                    let length = reader.int(node, "\(what).length", range: SecretConfig.lengthRange, unit: " bytes")
                {
                    secret.length = length
                }
                if let node = fields["env"], let env = reader.string(node, "\(what).env") {
                    envPosition = node.position
                    if checkGeneratedName(env, at: node, what: "\(what).env") { secret.env = env }
                }
                if let node = fields["rotate_every"] {
                    secret.rotateEveryDays = rotation(node, "\(what).rotate_every")
                    // The rotation function is the Swift backend's bootstrap in rotation mode, and rotates one secret.
                    if case .python = runtime, secret.rotateEveryDays != nil {
                        reader.report(
                            .invalidValue, "\(what).rotate_every needs the Swift backend's rotation handler", at: node,
                            hint:
                                "runtime \(runtime) has none: rotate with `hoist secrets rotate`, e.g. from a scheduled job"
                        )
                        secret.rotateEveryDays = nil
                    } else if let first = rotated, secret.rotateEveryDays != nil {
                        reader.report(
                            .invalidValue, "\(what).rotate_every: only one secret can rotate on a schedule", at: node,
                            hint:
                                "secret '\(first)' already has rotate_every; rotate this one with `hoist secrets rotate`"
                        )
                        secret.rotateEveryDays = nil
                    } else if secret.rotateEveryDays != nil {
                        rotated = entry.key
                    }
                }
            }
            generatedNames.append((secret.env, "secret '\(entry.key)'", envPosition))
            result.append(secret)
        }
        return result.sorted { $0.name < $1.name }
    }

    mutating func rotation(_ node: Node, _ what: String) -> Int? {
        guard let text = reader.string(node, what) else { return nil }
        guard let days = ConfigRules.days(text) else {
            reader.report(
                .invalidValue, "\(what) '\(text)' is not a number of days", at: node, hint: "write it as Nd, e.g. 30d")
            return nil
        }
        guard SecretConfig.rotationRange.contains(days) else {
            reader.report(.outOfRange, "\(what) must be between 1d and 365d, got \(text)", at: node)
            return nil
        }
        return days
    }

    // MARK: Admins, permissions, tags, logs

    mutating func admins(_ node: Node, _ what: String) -> [String]? {
        guard let names = reader.stringList(node, what, example: "admins: [alice]") else { return nil }
        var result: [String] = []
        for (name, item) in names {
            if name.isEmpty || name.contains(where: { $0 == "," || $0.isWhitespace }) {
                reader.report(
                    .invalidValue, "admin '\(name)' is not a username", at: item, hint: "no commas or spaces")
            } else {
                result.append(name)
            }
        }
        return result
    }

    mutating func parsePermissions(_ node: Node, _ name: String = "permissions") -> [PermissionStatement] {
        guard case .sequence(let sequence) = node else {
            reader.report(
                .wrongType, "\(name) must be a list, got \(ConfigReader.describe(node))", at: node,
                hint: "e.g. permissions: [{actions: [\"s3:GetObject\"], resources: [\"arn:aws:s3:::bucket/*\"]}]")
            return []
        }
        var result: [PermissionStatement] = []
        for (index, item) in sequence.enumerated() {
            let what = "\(name)[\(index)]"
            guard let fields = reader.fields(item, what, allowed: Self.permissionKeys, anchor: item.position) else {
                continue
            }
            var statement = PermissionStatement(actions: [], resources: [])
            var ok = true
            for key in Self.permissionKeys {
                guard let listNode = fields[key] else {
                    reader.report(.missing, "missing required key '\(key)' in \(what)", at: fields.anchor)
                    ok = false
                    continue
                }
                guard let values = reader.stringList(listNode, "\(what).\(key)") else {
                    ok = false
                    continue
                }
                if values.isEmpty {
                    reader.report(.invalidValue, "\(what).\(key) is empty", at: listNode)
                    ok = false
                }
                for (value, valueNode) in values {
                    if key == "actions" {
                        ok = checkAction(value, at: valueNode, what: what) && ok
                        statement.actions.append(value)
                    } else {
                        ok = checkResource(value, at: valueNode, what: what) && ok
                        statement.resources.append(value)
                    }
                }
            }
            if ok { result.append(statement) }
        }
        return result
    }

    mutating func checkAction(_ action: String, at node: Node, what: String) -> Bool {
        if action == "*" {
            reader.report(
                .invalidValue, "\(what): action '*' grants every action on every service", at: node,
                hint: "name the actions, e.g. s3:GetObject")
            return false
        }
        if !ConfigRules.isAction(action) {
            reader.report(
                .invalidValue, "\(what): '\(action)' is not an IAM action", at: node,
                hint: "write service:Action, e.g. s3:GetObject")
            return false
        }
        return true
    }

    mutating func checkResource(_ resource: String, at node: Node, what: String) -> Bool {
        if resource == "*" {
            reader.report(
                .invalidValue, "\(what): resource '*' is refused", at: node,
                hint: "name the ARNs the function needs, e.g. arn:aws:s3:::my-bucket/*")
            return false
        }
        if !resource.hasPrefix("arn:") || resource.split(separator: ":", omittingEmptySubsequences: false).count < 6 {
            reader.report(
                .invalidValue, "\(what): '\(resource)' is not an ARN", at: node,
                hint: "e.g. arn:aws:s3:::my-bucket/*")
            return false
        }
        return true
    }

    mutating func tags(_ node: Node, _ what: String) -> [String: String]? {
        guard let entries = reader.stringMap(node, what, example: "tags: {team: movies}") else { return nil }
        var result: [String: String] = [:]
        for (key, keyNode, value) in entries {
            let lower = key.lowercased()
            if lower.hasPrefix("aws:") || lower.hasPrefix("hoist:") {
                reader.report(
                    .invalidValue, "tag key '\(key)' uses a reserved prefix", at: keyNode,
                    hint: "keys starting with aws: or hoist: are set by AWS and hoist")
            } else if key.isEmpty || key.count > 128 || value.count > 256 {
                reader.report(
                    .invalidValue, "tag '\(key)' is too long", at: keyNode, hint: "keys ≤ 128, values ≤ 256 characters")
            } else {
                result[key] = value
            }
        }
        if entries.count > HoistConfig.maxTags {
            reader.report(
                .outOfRange, "\(what) has \(entries.count) tags, at most \(HoistConfig.maxTags) are allowed", at: node)
        }
        return result
    }

    mutating func logRetention(_ node: Node, _ what: String) -> Int? {
        guard let days = reader.int(node, what) else { return nil }
        guard HoistConfig.allowedLogRetentionDays.contains(days) else {
            let nearest = HoistConfig.allowedLogRetentionDays.min { abs($0 - days) < abs($1 - days) } ?? 14
            reader.report(
                .invalidValue, "\(what) \(days) is not a CloudWatch retention period", at: node,
                hint: "nearest allowed: \(nearest); allowed: "
                    + HoistConfig.allowedLogRetentionDays.map(String.init).joined(separator: ", "))
            return nil
        }
        return days
    }

    mutating func region(_ node: Node, _ what: String) -> String? {
        guard let text = reader.string(node, what) else { return nil }
        guard ConfigRules.isRegion(text) else {
            reader.report(.invalidValue, "\(what) '\(text)' is not an AWS region", at: node, hint: "e.g. us-east-1")
            return nil
        }
        return text
    }

    // MARK: API and upload

    mutating func parseAPI(_ node: Node) -> APIConfig {
        var api = APIConfig()
        guard let fields = reader.fields(node, "api", allowed: Self.apiKeys, anchor: node.position) else { return api }
        if let node = fields["routes"] { api.routes = routes(node) }
        if let node = fields["cors"] { api.cors = cors(node, "api.cors") }
        return api
    }

    /// `api.routes` or a function's `http`: `$default` or a list of route keys.
    mutating func routes(_ node: Node, _ name: String = "api.routes") -> APIRoutes {
        let key = name.split(separator: ".").last.map(String.init) ?? name
        if case .scalar = node, let text = reader.string(node, name) {
            if text != "$default" {
                reader.report(
                    .invalidValue, "\(name) '\(text)' must be $default or a list of routes", at: node,
                    hint: "e.g. \(key): [\"GET /movies\", \"POST /auth/login\"]")
            }
            return .defaultRoute
        }
        guard let keys = reader.stringList(node, name, example: "\(key): [\"GET /movies\"]") else {
            return .defaultRoute
        }
        var result: [String] = []
        for (key, item) in keys {
            if key != "$default" && !ConfigRules.isRouteKey(key) {
                reader.report(
                    .invalidValue, "route '\(key)' is not of the form 'METHOD /path'", at: item,
                    hint: "e.g. GET /movies/{movieId}; methods: GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS, ANY")
            } else if result.contains(key) {
                reader.report(.duplicateKey, "route '\(key)' is listed twice", at: item)
            } else {
                result.append(key)
            }
        }
        if keys.isEmpty {
            // Without `http` a function answers no route; without `api.routes` the one function answers all.
            let omitted = name == "api.routes" ? "omit it for $default" : "omit it for no HTTP route, or write $default"
            reader.report(.invalidValue, "\(name) is empty", at: node, hint: omitted)
        }
        return result.isEmpty ? .defaultRoute : .routes(result)
    }

    mutating func cors(_ node: Node, _ what: String) -> CORSConfig? {
        guard let fields = reader.fields(node, what, allowed: Self.corsKeys, anchor: node.position) else { return nil }
        var cors = CORSConfig()
        if let node = fields["allow_origins"], let list = reader.stringList(node, "\(what).allow_origins") {
            for (origin, item) in list where origin != "*" && !origin.contains("://") {
                reader.report(
                    .invalidValue, "origin '\(origin)' needs a scheme", at: item, hint: "e.g. https://example.com")
            }
            cors.allowOrigins = list.map(\.0)
        }
        if let node = fields["allow_methods"], let list = reader.stringList(node, "\(what).allow_methods") {
            for (method, item) in list where method != "*" && !ConfigRules.routeMethods.contains(method.uppercased()) {
                reader.report(
                    .invalidValue, "'\(method)' is not an HTTP method", at: item,
                    hint: "use GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS or *")
            }
            cors.allowMethods = list.map { $0.0 == "*" ? "*" : $0.0.uppercased() }
        }
        if let node = fields["allow_headers"], let list = reader.stringList(node, "\(what).allow_headers") {
            cors.allowHeaders = list.map(\.0)
        }
        if let node = fields["max_age"] {
            cors.maxAge = reader.int(node, "\(what).max_age", range: CORSConfig.maxAgeRange, unit: " seconds")
        }
        return cors
    }

    mutating func parseUpload(_ node: Node, _ what: String, base: UploadConfig) -> UploadConfig {
        let override = uploadOverride(node, what)
        return UploadConfig(
            directLimitBytes: override.directLimitBytes ?? base.directLimitBytes,
            partSizeBytes: override.partSizeBytes ?? base.partSizeBytes, bucket: override.bucket ?? base.bucket)
    }

    mutating func parseDeploy(_ node: Node, _ what: String) -> DeployConfig {
        var deploy = DeployConfig()
        guard let fields = reader.fields(node, what, allowed: Self.deployKeys, anchor: node.position) else {
            return deploy
        }
        if let node = fields["alias"], let name = reader.string(node, "\(what).alias") {
            if DeployConfig.isAliasName(name) {
                deploy.alias = name
            } else {
                reader.report(
                    .invalidValue, "'\(name)' is not a valid alias name", at: node,
                    hint: "1–128 letters, digits, '-' and '_', not only digits (that would be a version number)")
            }
        }
        if let node = fields["keep_versions"],
            let value = reader.int(node, "\(what).keep_versions", range: DeployConfig.keepVersionsRange)
        {
            deploy.keepVersions = value
        }
        if let node = fields["canary"], let text = reader.string(node, "\(what).canary") {
            if let canary = CanarySpec(text) {
                deploy.canary = canary
            } else {
                reader.report(
                    .invalidValue, "'\(text)' is not a canary", at: node, hint: CanarySpec.formatHint)
            }
        }
        if let node = fields["canary_threshold"],
            let value = reader.int(node, "\(what).canary_threshold", range: CanarySpec.thresholdRange)
        {
            deploy.canaryThreshold = value
        }
        return deploy
    }

    mutating func uploadOverride(_ node: Node, _ what: String) -> UploadOverride {
        var upload = UploadOverride()
        guard let fields = reader.fields(node, what, allowed: Self.uploadKeys, anchor: node.position) else {
            return upload
        }
        if let node = fields["direct_limit_mb"],
            let value = reader.int(node, "\(what).direct_limit_mb", range: UploadConfig.directLimitRangeMB, unit: " MB")
        {
            upload.directLimitBytes = value * UploadConfig.megabyte
        }
        if let node = fields["part_size_mb"],
            let value = reader.int(node, "\(what).part_size_mb", range: UploadConfig.partSizeRangeMB, unit: " MB")
        {
            upload.partSizeBytes = value * UploadConfig.megabyte
        }
        if let node = fields["bucket"], let name = reader.string(node, "\(what).bucket") {
            if UploadConfig.isBucketName(name) {
                upload.bucket = name
            } else {
                reader.report(
                    .invalidValue, "'\(name)' is not a valid S3 bucket name", at: node,
                    hint: "3–63 characters of a-z, 0-9, '.' and '-', starting and ending with a letter or digit")
            }
        }
        return upload
    }

    // MARK: Stages

    mutating func checkStageName(_ name: String, project: String, at node: Node, what: String) -> Bool {
        let limit = ConfigRules.functionNameLimit - project.count - 1
        guard ConfigRules.isResourceName(name, maxLength: max(1, limit)) else {
            reader.report(
                .invalidValue, "\(what) '\(name)' is not a valid stage name", at: node,
                hint: "use a-z, 0-9 and '-', starting with a letter, at most \(max(1, limit)) characters "
                    + "so that '\(project.isEmpty ? "<project>" : project)-<stage>' fits in 64")
            return false
        }
        return true
    }

    mutating func parseStages(_ node: Node, config: HoistConfig) -> [String: StageOverride] {
        guard
            let entries = reader.entries(node, "stages", example: "stages: {dev: {}, prod: {function: {memory: 1024}}}")
        else { return [:] }
        var result: [String: StageOverride] = [:]
        let baseFits = config.environmentSize(stage: config.defaultStage) <= FunctionConfig.environmentLimitBytes
        for entry in entries {
            guard checkStageName(entry.key, project: config.project, at: entry.keyNode, what: "stage") else {
                continue
            }
            if let collision = config.stageNameCollision(entry.key) {
                reader.report(.invalidValue, collision.message, at: entry.keyNode, hint: collision.hint)
                continue
            }
            var stage = StageOverride()
            let what = "stages.\(entry.key)"
            if !ConfigReader.isNull(entry.value),
                let fields = reader.fields(
                    entry.value, what, allowed: Self.stageKeys, anchor: entry.keyNode.position,
                    nested: [("function", Self.functionKeys), ("upload", Self.uploadKeys), ("api", ["cors"])])
            {
                stage = parseStage(fields, what: what, config: config)
            }
            result[entry.key] = stage
            let resolved = config.applying(stage, named: entry.key)
            let size = resolved.environmentSize(stage: entry.key)
            if baseFits, size > FunctionConfig.environmentLimitBytes {
                reportEnvironmentSize(size, stage: entry.key, at: entry.keyNode.position)
            }
            if config.tags.count <= HoistConfig.maxTags, resolved.tags.count > HoistConfig.maxTags {
                reader.report(
                    .outOfRange,
                    "stage '\(entry.key)' ends up with \(resolved.tags.count) tags, at most \(HoistConfig.maxTags) "
                        + "are allowed", at: entry.keyNode.position, hint: "stage tags are added to the base tags")
            }
        }
        return result
    }

    mutating func parseStage(_ fields: ConfigReader.Fields, what: String, config: HoistConfig) -> StageOverride {
        var stage = StageOverride()
        if let node = fields["region"] { stage.region = region(node, "\(what).region") }
        if let node = fields["function"] {
            // The queue URLs hoist gives the functions that send to a queue are set by hoist too.
            let queueVariables = config.declaredFunctions.flatMap(\.sendsTo).map(ProjectFunction.queueURLVariable)
            let function = parseFunctionOverride(node, "\(what).function", alsoGenerated: queueVariables)
            stage.function = function
        }
        if let node = fields["tables"],
            let entries = reader.entries(node, "\(what).tables", example: "tables: {users: {billing: provisioned}}")
        {
            let names = config.tables.map(\.name)
            for entry in entries {
                guard names.contains(entry.key) else {
                    let hint =
                        names.isEmpty
                        ? "no tables are declared" : ConfigReader.suggestion(for: entry.key, among: names)
                    reader.report(
                        .unknownKey, "unknown table '\(entry.key)' in \(what).tables", at: entry.keyNode, hint: hint)
                    continue
                }
                let tableWhat = "\(what).tables.\(entry.key)"
                var override = TableOverride()
                if !ConfigReader.isNull(entry.value),
                    let tableFields = reader.fields(
                        entry.value, tableWhat, allowed: Self.stageTableKeys, anchor: entry.keyNode.position)
                {
                    if let node = tableFields["billing"] {
                        override.billing = billingMode(node, "\(tableWhat).billing")
                    }
                    if let node = tableFields["point_in_time_recovery"] {
                        override.pointInTimeRecovery = reader.bool(node, "\(tableWhat).point_in_time_recovery")
                    }
                }
                stage.tables[entry.key] = override
            }
        }
        if let node = fields["admins"] { stage.admins = admins(node, "\(what).admins") }
        if let node = fields["log_retention_days"] {
            stage.logRetentionDays = logRetention(node, "\(what).log_retention_days")
        }
        if let node = fields["tags"] { stage.tags = tags(node, "\(what).tags") ?? [:] }
        if let node = fields["api"],
            let api = reader.fields(node, "\(what).api", allowed: ["cors"], anchor: node.position)
        {
            if let cors = api["cors"] { stage.cors = self.cors(cors, "\(what).api.cors") }
        }
        if let node = fields["upload"] { stage.upload = uploadOverride(node, "\(what).upload") }
        return stage
    }

    /// A stage's `function:`. Its environment may not set what hoist generates: the variables of tables, secrets
    /// and admins, and `alsoGenerated`.
    mutating func parseFunctionOverride(_ node: Node, _ what: String, alsoGenerated: [String] = []) -> FunctionOverride
    {
        var function = FunctionOverride()
        guard let fields = reader.fields(node, what, allowed: Self.functionKeys, anchor: node.position) else {
            return function
        }
        if let node = fields["memory"] { function.memory = memory(node, "\(what).memory") }
        if let node = fields["timeout"] { function.timeout = timeout(node, "\(what).timeout") }
        if let node = fields["reserved_concurrency"] {
            function.reservedConcurrency = reader.int(
                node, "\(what).reserved_concurrency", range: FunctionConfig.reservedConcurrencyRange)
        }
        if let node = fields["environment"] {
            function.environment =
                environment(node, "\(what).environment", publicNames: &function.publicEnvironment) ?? [:]
            let generated = Set(generatedNames.map(\.name) + alsoGenerated)
            for name in function.environment.keys.sorted() where generated.contains(name) {
                reader.report(
                    .invalidValue, "environment variable '\(name)' is set by hoist",
                    at: ConfigReader.keyNode(name, in: node) ?? node,
                    hint: alsoGenerated.contains(name)
                        ? "hoist sets it to the URL of the queue a function sends to"
                        : "hoist sets it from tables, secrets or admins")
            }
        }
        return function
    }

    // MARK: Generated environment

    mutating func checkGeneratedName(_ name: String, at node: Node, what: String) -> Bool {
        if !ConfigRules.isEnvironmentName(name) || ConfigRules.reservedEnvironment.contains(name) {
            reader.report(
                .invalidValue, "\(what) '\(name)' is not a usable environment variable name", at: node,
                hint: "use letters, digits and '_', starting with a letter; not a name Lambda reserves")
            return false
        }
        return true
    }

    mutating func checkGeneratedNames(_ config: HoistConfig) {
        var seen: [String: String] = [:]
        for name in config.function.environment.keys { seen[name] = "function.environment" }
        for generated in generatedNames {
            if let other = seen[generated.name] {
                reader.report(
                    .invalidValue,
                    "environment variable '\(generated.name)' is set by both \(generated.source) and \(other)",
                    at: generated.position, hint: "rename one of them; tables and secrets take an 'env' key"
                )
            } else {
                seen[generated.name] = generated.source
            }
        }
    }

    mutating func checkEnvironmentSize(_ config: HoistConfig) {
        let size = config.environmentSize(stage: config.defaultStage)
        if size > FunctionConfig.environmentLimitBytes {
            reportEnvironmentSize(size, stage: config.defaultStage, at: environmentPosition)
        }
    }

    mutating func reportEnvironmentSize(_ size: Int, stage: String, at mark: Position?) {
        reader.report(
            .outOfRange,
            "the function's environment is \(size) bytes in stage '\(stage)' "
                + "(with hoist's variables), over Lambda's \(FunctionConfig.environmentLimitBytes)-byte limit",
            at: mark, hint: "shorten the values or keep large ones in a secret")
    }
}
