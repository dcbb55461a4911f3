import HoistAWS

/// Plan and apply of one deployment in-process: what `hoist deploy` and `hoist destroy` do, without the console.
public struct DeploymentEngine: Sendable {
    /// The client calls go through.
    public let client: AWSClient
    /// The deployment's inputs.
    public let inputs: DeploymentInputs
    /// Seconds between waiter polls.
    public var pollInterval: Double = 1
    /// Receives one line per step.
    public var report: @Sendable (String) -> Void = { _ in }

    /// Creates an engine.
    public init(client: AWSClient, inputs: DeploymentInputs) {
        self.client = client
        self.inputs = inputs
    }

    /// The deploy plan; `deleteData` also deletes what is no longer configured but holds data (queues with
    /// messages).
    public func plan(adopt: Bool = false, deleteData: Bool = false) async throws -> Plan {
        var planner = DeploymentPlanner(client: client)
        planner.report = report
        return try await planner.plan(inputs, adopt: adopt, deleteData: deleteData)
    }

    /// The destroy plan.
    public func destroyPlan(deleteData: Bool) async throws -> Plan {
        try await DeploymentPlanner(client: client).destroyPlan(inputs, deleteData: deleteData)
    }

    /// Applies a plan; returns the identities afterwards.
    @discardableResult
    public func apply(_ plan: Plan) async throws -> IdentityStore {
        var context = EngineContext(
            client: client,
            scope: DeploymentScope(
                project: plan.project, stage: plan.stage, account: plan.account, region: plan.region,
                partition: plan.partition), report: report)
        context.pollInterval = pollInterval
        return try await PlanApplier(context: context).apply(plan)
    }

    /// Plans and applies the destroy; returns the plan applied.
    @discardableResult
    public func destroy(deleteData: Bool) async throws -> Plan {
        let plan = try await destroyPlan(deleteData: deleteData)
        try await apply(plan)
        return plan
    }
}

extension IdentityStore {
    /// The stage's HTTP API id (`api.<project>-<stage>`).
    public func apiId(_ names: ResourceNames) -> String? { self[ResourceAddress(.api, names.base)]?.id }
}
