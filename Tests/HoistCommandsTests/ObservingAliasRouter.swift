import Foundation
import HoistAWS
import HoistCore

/// The real router, with the alias read back (GetAlias) after each move: what a canary's weights were during
/// the window, not only where they ended.
final class ObservingAliasRouter: AliasRouter, @unchecked Sendable {
    /// A move and the alias right after it.
    struct Seen: Equatable {
        var move: String
        var version: String?
        var weights: [String: Double]
    }

    let inner: LambdaAliasRouter
    private let lock = NSLock()
    private var recorded: [Seen] = []

    init(_ inner: LambdaAliasRouter) { self.inner = inner }

    /// Every move and the alias after it, in order.
    var seen: [Seen] { lock.withLock { recorded } }

    func startCanary(_ release: CanaryRelease, weight: Double) async throws {
        try await inner.startCanary(release, weight: weight)
        try await observe("start", release)
    }

    func promote(_ release: CanaryRelease) async throws {
        try await inner.promote(release)
        try await observe("promote", release)
    }

    func rollBack(_ release: CanaryRelease) async throws {
        try await inner.rollBack(release)
        try await observe("rollBack", release)
    }

    private func observe(_ move: String, _ release: CanaryRelease) async throws {
        let alias = try await inner.lambda.getAlias(functionName: release.functionName, name: release.alias)
        lock.withLock { recorded.append(Seen(move: move, version: alias.functionVersion, weights: alias.weights)) }
    }
}
