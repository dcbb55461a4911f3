import Foundation
import HoistAWS

/// Applies a plan through the drivers: creates and updates in dependency waves, the independent ones of a wave
/// concurrently; then the deletes one by one in the plan's order (dependents first). It uses only the plan: the
/// specs it carries and the identities it read.
public struct PlanApplier: Sendable {
    /// The context calls go through.
    public var context: EngineContext

    /// Creates an applier.
    public init(context: EngineContext) { self.context = context }

    /// Applies every change; returns the identities afterwards (API URL, ARNs). A plan with conflicts is refused.
    public func apply(_ plan: Plan) async throws -> IdentityStore {
        if let conflict = plan.conflicts.first {
            throw EngineError(
                code: .conflict, address: conflict.address, message: "exists and belongs to \(conflict.owner)",
                hint: conflict.adoptable
                    ? "pass --adopt to take over untagged resources of hoist's names"
                    : "choose another project or stage name")
        }
        for resource in plan.resources {
            if let observed = resource.observed { context.scope.identities[resource.address] = observed.identity }
        }
        var context = self.context
        context.deletions = Set(plan.resources.filter { $0.action == .delete }.map(\.address))
        let running = context
        for wave in Self.waves(plan.resources.filter { $0.action != .delete }) {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for resource in wave where resource.action != .noOp {
                    group.addTask { try await Self.applyOne(resource, running) }
                }
                try await group.waitForAll()
            }
        }
        for resource in plan.resources where resource.action == .delete {
            try await Self.applyOne(resource, running)
        }
        return context.scope.identities
    }

    static func applyOne(_ resource: ResourcePlan, _ context: EngineContext) async throws {
        // An interrupted apply (SIGINT) starts no further step: what is done stays done, a rerun converges.
        try Task.checkCancellation()
        context.report("\(resource.action.rawValue) \(resource.address)")
        let driver = try DriverRegistry.driver(for: resource.kind)
        do {
            let identity = try await driver.apply(resource, context)
            context.scope.identities[resource.address] = identity
        } catch let error as EngineError {
            throw error
        } catch let error as CancellationError {
            throw error
        } catch {
            throw EngineError(
                code: .aws, address: resource.address, message: "\(resource.action.rawValue) failed",
                underlying: error as? any Error & Sendable)
        }
    }

    /// Groups resources so that each comes after everything it depends on.
    static func waves(_ resources: [ResourcePlan]) -> [[ResourcePlan]] {
        var level: [ResourceAddress: Int] = [:]
        let byAddress = Dictionary(resources.map { ($0.address, $0) }, uniquingKeysWith: { first, _ in first })
        func depth(_ address: ResourceAddress, _ seen: Set<ResourceAddress>) -> Int {
            if let known = level[address] { return known }
            guard let resource = byAddress[address], !seen.contains(address) else { return 0 }
            let dependencies = resource.desired?.dependsOn ?? []
            let value = dependencies.map { depth($0, seen.union([address])) + 1 }.max() ?? 0
            level[address] = value
            return value
        }
        for resource in resources { _ = depth(resource.address, []) }
        let grouped = Dictionary(grouping: resources) { level[$0.address] ?? 0 }
        return grouped.keys.sorted().map { grouped[$0]! }
    }
}
