import HoistAWS

extension DeploymentInputs {
    /// The inputs of one resolved stage of a config, for an account and region, with the packaged artifacts:
    /// `code` is the one-function form's zip, `codes` each function's of `functions:` by name (a function missing
    /// there takes `code`).
    public init(
        config: HoistConfig, region: String, account: String, code: Artifact, layer: Artifact?,
        codes: [String: Artifact] = [:]
    ) {
        let cors = config.api.cors.map {
            APIDriver.Cors(
                allowOrigins: $0.allowOrigins, allowMethods: $0.allowMethods, allowHeaders: $0.allowHeaders,
                maxAge: $0.maxAge)
        }
        self.init(
            project: config.project, stage: config.stageName, region: region, account: account,
            runtime: config.runtime.identifier, handler: config.handler,
            architecture: config.layerArchitecture.rawValue,
            memory: config.function.memory, timeout: config.function.timeout, environment: config.function.environment,
            tables: config.tables.map { table in
                Table(
                    name: table.name, partitionKey: (table.partitionKey.name, table.partitionKey.type.rawValue),
                    sortKey: table.sortKey.map { ($0.name, $0.type.rawValue) },
                    billingMode: table.billing == .onDemand ? "PAY_PER_REQUEST" : "PROVISIONED",
                    pointInTimeRecovery: table.pointInTimeRecovery, environmentName: table.env,
                    actions: table.actions.map { $0.map { "dynamodb:\($0)" } })
            },
            secrets: config.secrets.map {
                Secret(name: $0.name, environmentName: $0.env, length: $0.length, rotateEveryDays: $0.rotateEveryDays)
            },
            admins: config.admins,
            extraPermissions: config.permissions.enumerated().map { index, statement in
                PolicyStatement(sid: "Extra\(index + 1)", actions: statement.actions, resources: statement.resources)
            }, routes: config.api.routes.routeKeys, cors: cors, logRetentionDays: config.logRetentionDays,
            tags: config.tags, code: code, layer: layer)
        partSizeBytes = config.upload.partSizeBytes
        bucket = config.upload.bucket
        publicEnvironment = config.function.publicEnvironment
        reservedConcurrency = config.function.reservedConcurrency
        alias = config.deploy.alias
        keepVersions = config.deploy.keepVersions
        guard config.hasFunctionMap else { return }
        let extras = extraPermissions
        functions = config.declaredFunctions.map { function in
            Function(
                name: function.name, handler: function.product == nil ? function.handler : "bootstrap",
                architecture: function.architecture.rawValue, memory: function.settings.memory,
                timeout: function.settings.timeout,
                reservedConcurrency: function.settings.reservedConcurrency, environment: function.settings.environment,
                publicEnvironment: function.settings.publicEnvironment, code: codes[function.name] ?? code,
                tables: config.tables.map(\.name).filter(function.uses.contains),
                secrets: config.secrets.map(\.name).filter(function.uses.contains), sendsTo: function.sendsTo,
                extraPermissions: function.permissions.enumerated().map { index, statement in
                    PolicyStatement(
                        sid: "Extra\(index + 1)", actions: statement.actions, resources: statement.resources)
                }, routes: function.routes, url: function.url, schedule: function.schedule, queue: function.queue)
        }
        // The permissions boundary holds what any function of the project may do: every function's extras (the
        // boundary numbers their sids itself).
        extraPermissions = extras + functions.flatMap(\.extraPermissions)
    }
}

/// Reads the live state and plans: the read-only half of a deploy, shared by `hoist plan`, `hoist deploy` and
/// `hoist destroy`.
public struct DeploymentPlanner: Sendable {
    /// The client calls go through.
    public let client: AWSClient
    /// Receives one line per step.
    public var report: @Sendable (String) -> Void = { _ in }

    /// Creates a planner.
    public init(client: AWSClient) { self.client = client }

    /// A context for this deployment, with an empty identity store.
    public func context(_ inputs: DeploymentInputs) -> EngineContext {
        EngineContext(
            client: client,
            scope: DeploymentScope(
                project: inputs.project, stage: inputs.stage, account: inputs.account, region: inputs.region,
                partition: inputs.partition), report: report)
    }

    /// The plan that takes the account to these inputs; `adopt` takes over untagged resources of hoist's names;
    /// `deleteData` deletes what is no longer configured even when it holds data (a queue with messages), which the
    /// plan otherwise keeps.
    public func plan(_ inputs: DeploymentInputs, adopt: Bool = false, deleteData: Bool = false) async throws -> Plan {
        let context = context(inputs)
        let provisional = DesiredStateBuilder.build(inputs, scope: context.scope)
        let observed = try await StateReader(context: context).read(
            provisional + (try await probes(inputs, context, desired: provisional)))
        // Rendered again now that the secrets' ARNs are known, so the environment compares exactly.
        let desired = DesiredStateBuilder.build(inputs, scope: context.scope)
        var plan = Planner.plan(
            project: inputs.project, stage: inputs.stage, region: inputs.region, account: inputs.account,
            desired: desired, observed: observed, adopt: adopt, deleteData: deleteData)
        plan.partition = inputs.partition
        // Every zip apply may send, each function's included: `hoist apply` checks each digest on disk.
        plan.artifacts = inputs.artifacts.compactMap { artifact in
            artifact.path.map { PlannedArtifact(path: $0, sha256: artifact.sha256Hex) }
        }
        plan.notes += Self.leftAlone(observed, desired: Set(desired.map(\.address)))
        return plan
    }

    /// The plan that removes the stage: every resource of hoist's names that this stage owns is deleted, dependents
    /// first; tables and secrets (data), and what holds data now (a queue with messages), only with `deleteData`.
    /// Resources of those names that are not the stage's are left alone and named in the notes.
    public func destroyPlan(_ inputs: DeploymentInputs, deleteData: Bool) async throws -> Plan {
        let context = context(inputs)
        let wanted = DesiredStateBuilder.build(inputs, scope: context.scope)
        let observed = try await StateReader(context: context).read(
            wanted + (try await probes(inputs, context, desired: wanted)))
        let kept = observed.filter { state in
            state.ownership.isOwned && !deleteData
                && ((try? DriverRegistry.driver(for: state.kind).holdsData) == true || state.keepReason != nil)
        }
        let keptAddresses = Set(kept.map(\.address))
        var plan = Planner.plan(
            project: inputs.project, stage: inputs.stage, region: inputs.region, account: inputs.account, desired: [],
            observed: observed.filter { state in
                !keptAddresses.contains(state.address) && (try? DriverRegistry.driver(for: state.kind).isShared) != true
            }, deleteData: deleteData)
        plan.mode = .destroy
        plan.partition = inputs.partition
        for index in plan.resources.indices { plan.resources[index].reason = "destroy" }
        plan.kept = kept.map(\.address)
        plan.notes =
            kept.map { Planner.keptNote($0.address, reason: $0.keepReason) } + Self.leftAlone(observed, desired: [])
        return plan
    }

    /// What may exist without being desired, for the reader to look for: the rotation's resources, and what
    /// functions removed from hoist.yml left.
    func probes(_ inputs: DeploymentInputs, _ context: EngineContext, desired: [ResourceState]) async throws
        -> [ResourceState]
    {
        let removed = try await StageInventory(context: context).removedFunctions(inputs)
        let addresses = Set(desired.map(\.address))
        var seen: Set<ResourceAddress> = []
        return
            (DesiredStateBuilder.rotationProbes(inputs) + DesiredStateBuilder.functionProbes(inputs, removed: removed))
            .filter { !addresses.contains($0.address) && seen.insert($0.address).inserted }
    }

    /// Notes for resources of hoist's names that belong to someone else and are not desired: never touched.
    static func leftAlone(_ observed: [ResourceState], desired: Set<ResourceAddress>) -> [String] {
        observed.filter { !$0.ownership.isOwned && !desired.contains($0.address) }.map {
            "left alone: \($0.address) belongs to \($0.ownership.owner)"
        }
    }
}
