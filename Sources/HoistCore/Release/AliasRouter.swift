/// Moves an alias's traffic for a canary: Lambda UpdateAlias in hoist (``LambdaAliasRouter``), a fake in tests.
///
/// Each call leaves the alias in one state: ``startCanary(_:weight:)`` keeps it on the old version with `weight`
/// of its traffic on the new one; ``promote(_:)`` puts it on the new version with no weights; ``rollBack(_:)``
/// puts it on the old version with no weights. Each is safe to repeat.
public protocol AliasRouter: Sendable {
    /// Alias on `release.oldVersion`, `weight` (0…1) of its traffic to `release.newVersion`.
    func startCanary(_ release: CanaryRelease, weight: Double) async throws
    /// Alias on `release.newVersion`, no weights.
    func promote(_ release: CanaryRelease) async throws
    /// Alias on `release.oldVersion`, no weights.
    func rollBack(_ release: CanaryRelease) async throws
}
