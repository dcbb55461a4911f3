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
        if let suffix = ConfigRules.reservedStageSuffixes.first(where: { name.hasSuffix($0) }) {
            throw failure(
                .invalidValue,
                "stage '\(name)' ends in '\(suffix)', which hoist adds to name the stage's rotation function, role "
                    + "and log group: the names of stage '\(name.dropLast(suffix.count))' would collide with it",
                hint: "choose a stage name that does not end in '\(suffix)'")
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
}
