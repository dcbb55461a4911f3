import HoistAWS

/// Moving a function's alias back to an earlier version: no build, no package, no upload, one UpdateAlias.
public struct Rollback: Sendable, Equatable {
    /// The function's name.
    public var function: String
    /// The alias's name.
    public var alias: String
    /// The version the alias holds now.
    public var from: Int
    /// The version it goes to.
    public var to: Int
    /// Whether a canary's weights are removed (a rollback during a canary keeps the old version, drops the new).
    public var endsCanary: Bool

    /// The rollback `history` allows: to `target`, else to the newest version older than the alias's. During a
    /// canary, with no target, the canary ends and the alias stays where it is.
    public static func choose(_ history: ReleaseHistory, to target: Int?) throws -> Rollback {
        guard let current = history.current else {
            throw ReleaseError(
                .noAlias, "\(history.function) has no alias \(history.alias)",
                hint: "deploy first: `hoist deploy` publishes a version and creates the alias")
        }
        let canary = !history.canaryWeights.isEmpty
        let published = Set(history.releases.map(\.version))
        if let target {
            guard published.contains(target) else {
                throw ReleaseError(
                    .noSuchVersion, "\(history.function) has no version \(target)",
                    hint: "published: " + history.releases.map { String($0.version) }.joined(separator: ", "))
            }
            return Rollback(
                function: history.function, alias: history.alias, from: current, to: target, endsCanary: canary)
        }
        if canary {
            return Rollback(
                function: history.function, alias: history.alias, from: current, to: current, endsCanary: true)
        }
        guard let previous = history.releases.map(\.version).filter({ $0 < current }).max() else {
            throw ReleaseError(
                .nothingToRollBackTo, "\(history.function):\(history.alias) is on version \(current), the oldest kept",
                hint: "`hoist releases` lists the versions; deploy.keep_versions sets how many stay")
        }
        return Rollback(
            function: history.function, alias: history.alias, from: current, to: previous, endsCanary: false)
    }

    /// `movies-api-dev:live 3 → 2`.
    public var summary: String {
        var text = "\(function):\(alias) \(from) → \(to)"
        if endsCanary { text += " (canary weights removed)" }
        return text
    }

    /// What the version needs that the stage no longer has: its role, the tables and secrets its environment names.
    /// Empty when it can run.
    public static func problems(
        of configuration: FunctionConfiguration, names: ResourceNames, client: AWSClient
    ) async throws -> [String] {
        var problems: [String] = []
        if let role = configuration.role.flatMap(ARN.init), role.resource.hasPrefix("role/") {
            let name = String(role.resource.dropFirst("role/".count))
            if try await AWSError.nilIfNotFound({ try await IAM(client: client).getRole(name: name) }) == nil {
                problems.append("its role \(name) no longer exists")
            }
        }
        for (key, value) in (configuration.environment?.variables ?? [:]).sorted(by: { $0.key < $1.key }) {
            if value.hasPrefix("\(names.base)-") {
                let table = try await AWSError.nilIfNotFound {
                    try await DynamoDB(client: client).describeTable(name: value)
                }
                if table == nil { problems.append("\(key) names table \(value), which no longer exists") }
            } else if value.contains(":secretsmanager:") {
                let secret = try await AWSError.nilIfNotFound {
                    try await SecretsManager(client: client).describeSecret(id: value)
                }
                if secret == nil || secret?.deletedDate != nil {
                    problems.append("\(key) names secret \(value), which no longer exists or is scheduled for deletion")
                }
            }
        }
        return problems
    }

    /// Moves the alias, guarded by the revision read (someone else's move since is refused, not overwritten).
    public func apply(_ lambda: Lambda, revisionId: String?) async throws -> AliasConfiguration {
        try await lambda.updateAlias(
            functionName: function, name: alias, functionVersion: String(to),
            routingConfig: .noWeights, revisionId: revisionId)
    }
}
