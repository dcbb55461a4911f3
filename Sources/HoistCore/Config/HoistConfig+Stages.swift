extension HoistConfig {
    /// The configuration for one stage: the stage's overrides applied onto the base, `stage` set.
    ///
    /// `stage` nil means `defaultStage`. When the file declares `stages`, the stage must be one of them;
    /// without `stages`, any valid stage name is accepted and nothing is overridden.
    /// - Throws: `HoistConfigErrors` with an `.unknownStage` error naming the declared stages, or an
    ///   `.invalidValue` / `.outOfRange` error when the name or the resulting environment is not usable.
    public func resolved(stage: String? = nil) throws -> HoistConfig {
        let name = stage ?? defaultStage
        func failure(_ code: HoistConfigError.Code, _ message: String, hint: String?) -> HoistConfigErrors {
            HoistConfigErrors([
                HoistConfigError(file: configFile, line: 0, column: 0, code: code, message: message, hint: hint)
            ])
        }
        let limit = ConfigRules.functionNameLimit - project.count - 1
        guard ConfigRules.isResourceName(name, maxLength: limit) else {
            throw failure(
                .invalidValue, "'\(name)' is not a valid stage name",
                hint: "use a-z, 0-9 and '-', starting with a letter, at most \(limit) characters")
        }
        if let collision = stageNameCollision(name) {
            throw failure(.invalidValue, collision.message, hint: collision.hint)
        }
        let override: StageOverride
        if let declared = stages[name] {
            override = declared
        } else if stages.isEmpty {
            override = StageOverride()
        } else {
            let known = stages.keys.sorted()
            let close = ConfigReader.suggestion(for: name, among: known)
            throw failure(
                .unknownStage, "unknown stage '\(name)'; the configuration declares: \(known.joined(separator: ", "))",
                hint: close.hasPrefix("did you mean") ? close : nil)
        }
        let result = applying(override, named: name)
        try result.checkFunctions(stage: name)
        let size = result.environmentSize(stage: name)
        if size > FunctionConfig.environmentLimitBytes {
            throw failure(
                .outOfRange,
                "the function's environment is \(size) bytes in stage '\(name)', over Lambda's "
                    + "\(FunctionConfig.environmentLimitBytes)-byte limit",
                hint: "shorten the values or keep large ones in a secret")
        }
        return result
    }

    /// Why stage `name` would take another stage's names: it ends in a suffix hoist adds (`-rotate`) or in
    /// `-<function>`, so `<project>-<name>` is also `<project>-<other stage>-<suffix>`. Nil when it takes none.
    func stageNameCollision(_ name: String) -> (message: String, hint: String)? {
        if let suffix = ConfigRules.reservedStageSuffixes.first(where: { name.hasSuffix($0) }) {
            return (
                "stage '\(name)' ends in '\(suffix)', which hoist adds to name the stage's rotation function, role "
                    + "and log group: the names of stage '\(name.dropLast(suffix.count))' would collide with it",
                "choose a stage name that does not end in '\(suffix)'"
            )
        }
        if let function = declaredFunctions.first(where: { name.hasSuffix("-\($0.name)") }) {
            return (
                "stage '\(name)' ends in '-\(function.name)', the name of a function: its names would be those of "
                    + "function \(function.name) in stage '\(name.dropLast(function.name.count + 1))'",
                "choose a stage name that does not end in '-\(function.name)'"
            )
        }
        return nil
    }

    /// The base configuration with `override` applied and `stage` set to `name` (no validation).
    func applying(_ override: StageOverride, named name: String) -> HoistConfig {
        var result = self
        result.stage = name
        if let region = override.region { result.region = region }
        if let memory = override.function.memory { result.function.memory = memory }
        if let timeout = override.function.timeout { result.function.timeout = timeout }
        if let reserved = override.function.reservedConcurrency { result.function.reservedConcurrency = reserved }
        result.function.environment.merge(override.function.environment) { _, stage in stage }
        result.function.publicEnvironment.formUnion(override.function.publicEnvironment)
        // A stage's `function:` applies to every function of `functions:`.
        result.declaredFunctions = declaredFunctions.map { function in
            var function = function
            if let memory = override.function.memory { function.settings.memory = memory }
            if let timeout = override.function.timeout { function.settings.timeout = timeout }
            if let reserved = override.function.reservedConcurrency { function.settings.reservedConcurrency = reserved }
            function.settings.environment.merge(override.function.environment) { _, stage in stage }
            function.settings.publicEnvironment.formUnion(override.function.publicEnvironment)
            return function
        }
        result.tables = tables.map { table in
            var table = table
            if let tableOverride = override.tables[table.name] {
                if let billing = tableOverride.billing { table.billing = billing }
                if let pitr = tableOverride.pointInTimeRecovery { table.pointInTimeRecovery = pitr }
            }
            return table
        }
        if let admins = override.admins { result.admins = admins }
        if let days = override.logRetentionDays { result.logRetentionDays = days }
        result.tags.merge(override.tags) { _, stage in stage }
        if let cors = override.cors { result.api.cors = cors }
        if let direct = override.upload.directLimitBytes { result.upload.directLimitBytes = direct }
        if let part = override.upload.partSizeBytes { result.upload.partSizeBytes = part }
        if let bucket = override.upload.bucket { result.upload.bucket = bucket }
        return result
    }

    /// What only the resolved stage can tell about `functions:`: every name fits AWS's limits with the stage in it,
    /// and a queue's visibility timeout is still six times its function's timeout after the stage's overrides.
    func checkFunctions(stage: String) throws {
        var errors: [HoistConfigError] = []
        func fail(_ code: HoistConfigError.Code, _ message: String, _ hint: String) {
            errors.append(
                HoistConfigError(file: configFile, line: 0, column: 0, code: code, message: message, hint: hint))
        }
        for function in declaredFunctions {
            // The longest name hoist gives: the schedule's role, `<project>-<stage>-<name>-schedule`.
            let longest = "\(project)-\(stage)-\(function.name)-schedule".count
            if longest > ConfigRules.functionNameLimit {
                fail(
                    .outOfRange,
                    "function '\(function.name)' in stage '\(stage)' gets names of \(longest) characters "
                        + "(\(project)-\(stage)-\(function.name)-schedule), over AWS's 64",
                    "shorten the function, stage or project name")
            }
            if let queue = function.queue, let visibility = queue.visibilityTimeout,
                visibility < function.settings.timeout * QueueTrigger.visibilityFactor
            {
                fail(
                    .outOfRange,
                    "functions.\(function.name).queue.visibility_timeout \(visibility) s is under six times the "
                        + "function's timeout in stage '\(stage)' (\(function.settings.timeout) s)",
                    "raise visibility_timeout or omit it for six times the timeout")
            }
            let size = functionEnvironmentSize(function, stage: stage)
            if size > FunctionConfig.environmentLimitBytes {
                fail(
                    .outOfRange,
                    "the environment of function '\(function.name)' is \(size) bytes in stage '\(stage)', over "
                        + "Lambda's \(FunctionConfig.environmentLimitBytes)-byte limit",
                    "shorten the values or keep large ones in a secret")
            }
        }
        if !errors.isEmpty { throw HoistConfigErrors(errors) }
    }

    /// The size Lambda counts for one function's environment, with the longest region and a 12-digit account.
    func functionEnvironmentSize(_ function: ProjectFunction, stage: String) -> Int {
        var size = function.settings.environment.reduce(0) { $0 + $1.key.utf8.count + $1.value.utf8.count }
        for table in tables where function.uses.contains(table.name) {
            size += table.env.utf8.count + "\(project)-\(stage)-\(table.name)".utf8.count
        }
        let arnPrefix = "arn:aws:secretsmanager:ap-southeast-5:123456789012:secret:".utf8.count
        for secret in secrets where function.uses.contains(secret.name) {
            size += secret.env.utf8.count + arnPrefix + "\(project)/\(stage)/\(secret.name)-XXXXXX".utf8.count
        }
        for queue in function.sendsTo {
            let url = "https://sqs.ap-southeast-5.amazonaws.com/123456789012/\(project)-\(stage)-\(queue)"
            size += ProjectFunction.queueURLVariable(queue).utf8.count + url.utf8.count
        }
        if !admins.isEmpty { size += ConfigRules.adminsVariable.utf8.count + admins.joined(separator: ",").utf8.count }
        return size
    }
}
