import HoistAWS

/// ``AliasRouter`` over Lambda: each move reads the alias (GetAlias), checks it is where the release left it, and
/// writes with the RevisionId it read (UpdateAlias), so a change someone made in between is refused (412) rather
/// than overwritten.
///
/// Each move is idempotent: an alias already in the target state is left alone (a retried rollback, a rerun).
public struct LambdaAliasRouter: AliasRouter {
    /// The Lambda calls.
    public let lambda: Lambda

    /// Creates a router on a Lambda client.
    public init(lambda: Lambda) { self.lambda = lambda }

    /// Alias on the old version, `weight` to the new one.
    public func startCanary(_ release: CanaryRelease, weight: Double) async throws {
        try await move(
            release, to: release.oldVersion,
            routing: AliasRoutingConfiguration(additionalVersionWeights: [release.newVersion: weight]))
    }

    /// Alias on the new version, no weights.
    public func promote(_ release: CanaryRelease) async throws {
        try await move(release, to: release.newVersion, routing: .noWeights)
    }

    /// Alias on the old version, no weights.
    public func rollBack(_ release: CanaryRelease) async throws {
        try await move(release, to: release.oldVersion, routing: .noWeights)
    }

    /// Reads, checks and writes; a 412 (the alias changed between the read and the write) is read once more.
    func move(_ release: CanaryRelease, to version: String, routing: AliasRoutingConfiguration) async throws {
        for attempt in 1...2 {
            let alias = try await lambda.getAlias(functionName: release.functionName, name: release.alias)
            let target = routing.additionalVersionWeights ?? [:]
            if alias.functionVersion == version && alias.weights == target { return }
            try Self.check(alias, release)
            do {
                _ = try await lambda.updateAlias(
                    functionName: release.functionName, name: release.alias, functionVersion: version,
                    routingConfig: routing, revisionId: alias.revisionId)
                return
            } catch let error as AWSError where error.status == 412 && attempt == 1 {
                continue
            } catch let error as AWSError where error.status == 412 {
                throw CanaryError(
                    code: .aliasChanged, release: release, message: "\(release.alias) kept changing during the canary",
                    hint: "another deploy may be running on this stage", underlying: error)
            }
        }
    }

    /// The alias must be on the old version with no weights or only the release's: anything else was moved by
    /// someone else, and the canary does not fight it.
    static func check(_ alias: AliasConfiguration, _ release: CanaryRelease) throws {
        let version = alias.functionVersion ?? "?"
        let foreign = alias.weights.keys.filter { $0 != release.newVersion }
        if version == release.oldVersion && foreign.isEmpty { return }
        let weights =
            alias.weights.isEmpty
            ? ""
            : " (weights "
                + alias.weights.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }
                .joined(separator: ", ") + ")"
        throw CanaryError(
            code: .aliasChanged, release: release,
            message: "\(release.alias) is on version \(version)\(weights), not on version \(release.oldVersion) as "
                + "the release expects", hint: "another deploy or a rollback moved it: read it with hoist releases")
    }
}
