import HoistAWS

/// A canary an earlier run left on an alias (killed mid-window, or a rollback or promote that failed): the alias on
/// the old version with a weight on the new one. A rerun finishes it (promote) or undoes it (roll back), so no
/// weights stay behind.
public struct InterruptedCanary: Sendable, Equatable {
    /// What the caller does with it.
    public enum Choice: String, Sendable, Equatable {
        /// Move the alias to the new version, no weights (as a clean window would have).
        case finish
        /// Keep the alias on the old version, no weights (as a failed canary does). The safe default: the
        /// interrupted window proved nothing.
        case undo
    }

    /// The release the weights belong to: the alias's version is the old one, the weighted one the new.
    public var release: CanaryRelease
    /// The new version's share (0…1).
    public var weight: Double

    /// Creates one.
    public init(release: CanaryRelease, weight: Double) {
        self.release = release
        self.weight = weight
    }

    /// Reads an alias: nil when it sends all traffic to its version (nothing to resume), the interrupted canary
    /// when it has the one weight a canary sets, and ``CanaryError/Code/foreignRouting`` for weights hoist never
    /// sets (several versions, or the alias's own), which a rerun must not guess about. Pure.
    public static func find(
        functionName: String, aliasName: String, functionVersion: String, weights: [String: Double]
    ) throws -> InterruptedCanary? {
        if weights.isEmpty { return nil }
        let release = CanaryRelease(
            functionName: functionName, alias: aliasName, oldVersion: functionVersion,
            newVersion: weights.count == 1 ? weights.keys.first! : "?")
        guard weights.count == 1, let (version, weight) = weights.first, version != functionVersion else {
            let shares = weights.sorted { $0.key < $1.key }.map { "version \($0.key) \($0.value * 100)%" }
            throw CanaryError(
                code: .foreignRouting, release: release,
                message: "\(aliasName) is on version \(functionVersion) with weights hoist does not set ("
                    + shares.joined(separator: ", ") + ")",
                hint: "remove them (UpdateAlias with an empty RoutingConfig) or move the alias, then deploy again")
        }
        return InterruptedCanary(release: release, weight: weight)
    }

    /// ``find(functionName:aliasName:functionVersion:weights:)`` on an alias as GetAlias returned it.
    public static func find(functionName: String, alias: AliasConfiguration) throws -> InterruptedCanary? {
        try find(
            functionName: functionName, aliasName: alias.name ?? "", functionVersion: alias.functionVersion ?? "",
            weights: alias.weights)
    }

    /// The version the alias ends on for a choice (finish: the new one, undo: the old one), without calling
    /// anything: what a `--dry-run` shows. Pure.
    public func version(after choice: Choice) -> String {
        choice == .finish ? release.newVersion : release.oldVersion
    }

    /// Finishes or undoes the canary through `router`, in a task of its own so a Ctrl-C does not stop it half-way;
    /// returns the version the alias is on afterwards.
    @discardableResult
    public func resolve(_ choice: Choice, router: any AliasRouter) async throws -> String {
        let release = self.release
        do {
            switch choice {
            case .finish: try await Task { try await router.promote(release) }.value
            case .undo: try await Task { try await router.rollBack(release) }.value
            }
        } catch {
            throw CanaryError(
                code: choice == .finish ? .promoteFailed : .rollbackFailed, release: release,
                message: "could not \(choice == .finish ? "finish" : "undo") the interrupted canary",
                hint: "read the alias (hoist releases) and try again", underlying: error)
        }
        return version(after: choice)
    }
}
