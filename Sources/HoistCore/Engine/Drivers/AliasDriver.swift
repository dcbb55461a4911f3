import HoistAWS

extension ResourceKind {
    /// A function's alias: what every trigger invokes.
    public static let alias = ResourceKind("alias")
}

/// The alias a stage's triggers invoke (`live` unless hoist.yml says otherwise): a release moves it to the new
/// version, a rollback moves it back, a canary gives the new version a share of its traffic. Owned through the
/// function.
public struct AliasDriver: ResourceDriver {
    /// The alias.
    public struct Spec: Codable, Sendable, Equatable {
        /// The function's name.
        public var function: String
        /// The alias's name.
        public var name: String
        /// The version it must hold.
        public var version: ResourceAddress
        /// Its description (who made it).
        public var description: String
    }

    /// What a plan shows.
    public enum Attribute: String, CaseIterable, Sendable {
        case functionVersion = "function_version"
        case routing
    }

    /// What a plan shows for a version that this deploy publishes, before it has a number.
    public static let nextVersion = "(the version this deploy publishes)"

    /// The kind this driver handles.
    public var kind: ResourceKind { .alias }

    /// What the deploying identity needs for this kind.
    public func grants(_ scope: DeployerScope) -> [DeployerGrant] {
        let function = "\(scope.arnPrefix):lambda:\(scope.region):\(scope.account):function:\(scope.prefix)*"
        return [
            DeployerGrant(sid: "Functions", reads: ["lambda:GetAlias"], resources: [function]),
            // A canary reads its version's Errors and Throttles; GetMetricData has no resource-level permissions.
            DeployerGrant(sid: "CanaryMetrics", reads: ["cloudwatch:GetMetricData"], resources: ["*"]),
            DeployerGrant(
                sid: "ChangeProjectFunctions",
                writes: ["lambda:CreateAlias", "lambda:DeleteAlias", "lambda:UpdateAlias"], resources: [function],
                conditions: scope.ownedOnly),
        ]
    }

    /// `<function>:<alias>`.
    public func name(of spec: Spec) -> String { "\(spec.function):\(spec.name)" }
    /// The version it holds.
    public func dependencies(of spec: Spec) -> [ResourceAddress] { [spec.version] }
    /// Owned through the function.
    public func parent(of spec: Spec) -> ResourceAddress? { ResourceAddress(.function, spec.function) }

    /// The version number when it exists, else that the deploy publishes it; no canary weights.
    public func render(_ spec: Spec, _ scope: DeploymentScope) -> [Attribute: PlanValue] {
        [.functionVersion: .string(scope.identities[spec.version]?.id ?? Self.nextVersion), .routing: .string("none")]
    }

    /// `3=10%`, or `none`.
    static func routing(_ weights: [String: Double]) -> PlanValue {
        guard !weights.isEmpty else { return .string("none") }
        return .string(
            weights.sorted { $0.key < $1.key }.map { "\($0.key)=\(CanarySpec.percentText($0.value * 100))%" }
                .joined(separator: ","))
    }

    /// The alias as Lambda has it.
    public func read(_ spec: Spec, _ context: EngineContext) async throws -> Observation<Attribute>? {
        guard
            let alias = try await AWSError.nilIfNotFound({
                try await Lambda(client: context.client).getAlias(functionName: spec.function, name: spec.name)
            })
        else { return nil }
        return Observation(
            attributes: [
                .functionVersion: .string(alias.functionVersion ?? ""), .routing: Self.routing(alias.weights),
            ],
            identity: ResourceIdentity(
                arn: alias.aliasArn.flatMap(ARN.init), id: alias.functionVersion, revision: alias.revisionId),
            tags: nil)
    }

    /// The version's number, known once it is published.
    func version(_ spec: Spec, _ context: EngineContext) throws -> String {
        guard let number = try context.require(spec.version, for: address(of: spec)).id else {
            throw EngineError(
                code: .missingDependency, address: address(of: spec), message: "\(spec.version) has no number")
        }
        return number
    }

    /// CreateAlias, read first after a lost answer (a second CreateAlias of the name is refused, not duplicated).
    public func create(_ spec: Spec, _ context: EngineContext) async throws -> ResourceIdentity {
        let number = try version(spec, context)
        let created = try await context.createOnce(
            address(of: spec), alreadyExists: ["ResourceConflictException"],
            find: {
                try await AWSError.nilIfNotFound {
                    try await Lambda(client: context.client).getAlias(functionName: spec.function, name: spec.name)
                }.flatMap { $0.functionVersion == number ? $0 : nil }
            },
            create: { client in
                try await Lambda(client: client).createAlias(
                    functionName: spec.function, name: spec.name, functionVersion: number,
                    description: spec.description)
            })
        context.report("  \(address(of: spec)) → version \(number)")
        return ResourceIdentity(arn: created.aliasArn.flatMap(ARN.init), id: number, revision: created.revisionId)
    }

    /// Moves the alias to the version and removes any canary weights in one UpdateAlias, guarded by the revision
    /// the plan read (someone else's move since is refused, not overwritten). In a canary deploy, the alias stays
    /// on its version and the new one gets the canary's weight instead (a rerun after an interrupted canary
    /// starts it again; a deploy without one finishes it).
    public func update(_ spec: Spec, observed: ObservedResource, changed: Set<Attribute>, _ context: EngineContext)
        async throws -> ResourceIdentity
    {
        let number = try version(spec, context)
        let address = self.address(of: spec)
        if let canary = context.canary, let current = observed.identity.id, current != number {
            let weighted = try await FunctionDriver().guardingRevision(address) {
                try await Lambda(client: context.client).updateAlias(
                    functionName: spec.function, name: spec.name, functionVersion: current,
                    routingConfig: AliasRoutingConfiguration(additionalVersionWeights: [number: canary.spec.weight]),
                    revisionId: observed.identity.revision)
            }
            canary.record(
                CanaryRelease(functionName: spec.function, alias: spec.name, oldVersion: current, newVersion: number))
            context.report("  \(address): canary, \(CanarySpec.percentText(canary.spec.percent))% to version \(number)")
            return ResourceIdentity(
                arn: weighted.aliasArn.flatMap(ARN.init), id: current, revision: weighted.revisionId)
        }
        let updated = try await FunctionDriver().guardingRevision(address) {
            try await Lambda(client: context.client).updateAlias(
                functionName: spec.function, name: spec.name, functionVersion: number,
                routingConfig: .noWeights,
                revisionId: observed.identity.revision)
        }
        context.report("  \(address): \(observed.identity.id ?? "?") → \(number)")
        return ResourceIdentity(arn: updated.aliasArn.flatMap(ARN.init), id: number, revision: updated.revisionId)
    }

    /// Deletes the alias; nothing to do when the function goes too.
    public func delete(_ spec: Spec, observed: ObservedResource, _ context: EngineContext) async throws {
        guard !context.deletions.contains(ResourceAddress(.function, spec.function)) else { return }
        _ = try await AWSError.nilIfNotFound {
            try await Lambda(client: context.client).deleteAlias(functionName: spec.function, name: spec.name)
        }
    }
}
