import Foundation

@testable import HoistCore

/// Records the alias moves a watcher asks for; a move made from a cancelled task fails, as a real call would.
final class FakeAliasRouter: AliasRouter, @unchecked Sendable {
    /// What a failed rollback throws.
    struct Unreachable: Error, Equatable {}

    /// One move.
    enum Call: Equatable {
        case start(weight: Double)
        case promote
        case rollBack
    }

    private let lock = NSLock()
    private var recorded: [Call] = []
    private let failStart: (any Error)?
    private let failRollBack: Bool

    init(failStart: (any Error)? = nil, failRollBack: Bool = false) {
        self.failStart = failStart
        self.failRollBack = failRollBack
    }

    /// The moves made, in order (a move refused for cancellation is not recorded).
    var calls: [Call] { lock.withLock { recorded } }

    func startCanary(_ release: CanaryRelease, weight: Double) async throws {
        try Task.checkCancellation()
        if let failStart { throw failStart }
        lock.withLock { recorded.append(.start(weight: weight)) }
    }

    func promote(_ release: CanaryRelease) async throws {
        try Task.checkCancellation()
        lock.withLock { recorded.append(.promote) }
    }

    func rollBack(_ release: CanaryRelease) async throws {
        try Task.checkCancellation()
        if failRollBack { throw Unreachable() }
        lock.withLock { recorded.append(.rollBack) }
    }
}
