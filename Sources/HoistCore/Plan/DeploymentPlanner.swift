import HoistAWS

extension DeploymentInputs {
    /// The inputs of one resolved stage of a config, for an account and region, with the packaged artifacts.
    public init(config: HoistConfig, region: String, account: String, code: Artifact, layer: Artifact?) {
        let cors = config.api.cors.map { cors -> [String: PlanValue] in
            var settings: [String: PlanValue] = [
                "allow_origins": .strings(cors.allowOrigins), "allow_methods": .strings(cors.allowMethods),
                "allow_headers": .strings(cors.allowHeaders),
            ]
            if let maxAge = cors.maxAge { settings["max_age"] = .int(maxAge) }
            return settings
        }
        self.init(
            project: config.project, stage: config.stageName, region: region, account: account,
            runtime: config.runtime.identifier, handler: config.handler, architecture: config.architecture.rawValue,
            memory: config.function.memory, timeout: config.function.timeout, environment: config.function.environment,
            tables: config.tables.map { table in
                Table(
                    name: table.name, partitionKey: (table.partitionKey.name, table.partitionKey.type.rawValue),
                    sortKey: table.sortKey.map { ($0.name, $0.type.rawValue) },
                    billingMode: table.billing == .onDemand ? "PAY_PER_REQUEST" : "PROVISIONED",
                    pointInTimeRecovery: table.pointInTimeRecovery, environmentName: table.env)
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
        reservedConcurrency = config.function.reservedConcurrency
    }
}

/// Reads the live state and plans: the read-only half of a deploy, shared by `hoist plan` and `hoist deploy`.
public struct DeploymentPlanner: Sendable {
    /// The client calls go through.
    public let client: AWSClient

    /// Creates a planner.
    public init(client: AWSClient) { self.client = client }

    /// The plan for these inputs and the ids of what exists already.
    public func plan(_ inputs: DeploymentInputs) async throws -> (Plan, DeploymentOutputs) {
        let provisional = DesiredStateBuilder.build(inputs)
        let (observed, outputs) = try await ObservedStateReader(client: client).read(
            provisional, inputs: inputs, probes: DesiredStateBuilder.rotationProbes(inputs))
        let desired = DesiredStateBuilder.build(inputs, knownSecretArns: outputs.secretArns)
        let plan = Planner.plan(
            project: inputs.project, stage: inputs.stage, region: inputs.region, account: inputs.account,
            desired: desired, observed: observed)
        return (plan, outputs)
    }
}
