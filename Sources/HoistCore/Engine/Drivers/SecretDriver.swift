import Foundation
import HoistAWS

extension ResourceKind {
    /// A Secrets Manager secret.
    public static let secret = ResourceKind("secret")
}

/// A secret created with a random value that is never shown; functions get its ARN. Holds data: a deploy never
/// deletes it; a secret scheduled for deletion (after `destroy --delete-data`) is restored.
public struct SecretDriver: ResourceDriver {
    /// The secret.
    public struct Spec: Codable, Sendable, Equatable {
        /// Its name (`<project>/<stage>/<NAME>`).
        public var name: String
        /// Random bytes of the first value.
        public var length: Int
        /// The tags, ownership tags included.
        public var tags: [String: String]
    }

    /// What a plan shows.
    public enum Attribute: String, CaseIterable, Sendable {
        /// `active`, or `scheduled for deletion` until restored.
        case state
        /// The tags.
        case tags
    }

    /// The state of a live secret.
    static let active = "active"
    static let deleting = "scheduled for deletion"

    /// The kind this driver handles.
    public var kind: ResourceKind { .secret }
    /// Holds data: a deploy never deletes it, destroy only with `--delete-data`.
    public var holdsData: Bool { true }

    /// What the deploying identity needs for this kind.
    public func grants(_ scope: DeployerScope) -> [DeployerGrant] {
        [
            DeployerGrant(
                sid: "Secrets", reads: ["secretsmanager:DescribeSecret"],
                writes: [
                    "secretsmanager:CreateSecret", "secretsmanager:DeleteSecret", "secretsmanager:RestoreSecret",
                    "secretsmanager:TagResource", "secretsmanager:UntagResource",
                ],
                resources: [
                    "\(scope.arnPrefix):secretsmanager:\(scope.region):\(scope.account):secret:\(scope.project)/*"
                ])
        ]
    }

    /// The resource's name.
    public func name(of spec: Spec) -> String { spec.name }
    /// What must exist first.
    public func dependencies(of spec: Spec) -> [ResourceAddress] { [] }

    /// The attributes a plan shows.
    public func render(_ spec: Spec, _ scope: DeploymentScope) -> [Attribute: PlanValue] {
        [.state: .string(Self.active), .tags: .stringMap(spec.tags)]
    }

    /// Reads the live resource; nil when absent.
    public func read(_ spec: Spec, _ context: EngineContext) async throws -> Observation<Attribute>? {
        guard let secret = try await Self.describe(spec.name, context) else { return nil }
        var tags: [String: String] = [:]
        for tag in secret.tags ?? [] { tags[tag.key] = tag.value }
        return Observation(
            attributes: [
                .state: .string(secret.deletedDate == nil ? Self.active : Self.deleting), .tags: .stringMap(tags),
            ], identity: ResourceIdentity(arn: secret.arn.flatMap(ARN.init)), tags: tags)
    }

    /// DescribeSecret, read once per plan: the secret and its rotation schedule share the answer.
    static func describe(_ name: String, _ context: EngineContext) async throws -> SecretDescription? {
        try await context.cache.memo("secret:\(name)") {
            try await AWSError.nilIfNotFound {
                try await SecretsManager(client: context.client).describeSecret(id: name)
            }
        }
    }

    /// Creates it; returns its identity.
    public func create(_ spec: Spec, _ context: EngineContext) async throws -> ResourceIdentity {
        let secrets = SecretsManager(client: context.client)
        // One token for every attempt: Secrets Manager treats a repeated CreateSecret with it as the same request.
        let token = UUID().uuidString
        let value = SecretGenerator.randomValue(bytes: spec.length)
        let arn = try await context.createOnce(
            address(of: spec), alreadyExists: ["ResourceExistsException"],
            find: {
                guard
                    let secret = try await AWSError.nilIfNotFound({ try await secrets.describeSecret(id: spec.name) }),
                    secret.deletedDate == nil
                else { return nil }
                var tags: [String: String] = [:]
                for tag in secret.tags ?? [] { tags[tag.key] = tag.value }
                return context.owns(tags) ? secret.arn : nil
            },
            create: { client in
                try await SecretsManager(client: client).createSecret(
                    name: spec.name, value: value, tags: spec.tags, clientRequestToken: token
                ).arn
            })
        return ResourceIdentity(arn: arn.flatMap(ARN.init))
    }

    /// Changes what differs, in place.
    public func update(_ spec: Spec, observed: ObservedResource, changed: Set<Attribute>, _ context: EngineContext)
        async throws -> ResourceIdentity
    {
        let secrets = SecretsManager(client: context.client)
        if changed.contains(.state) {
            context.report("  restoring \(spec.name): it was scheduled for deletion; its value is kept")
            try await secrets.restoreSecret(id: spec.name)
        }
        if changed.contains(.tags) {
            let stale = observed.staleTagKeys(spec.tags)
            if !stale.isEmpty { try await secrets.untagResource(id: spec.name, keys: stale) }
            try await secrets.tagResource(id: spec.name, tags: spec.tags)
        }
        return observed.identity
    }

    /// Schedules deletion with Secrets Manager's recovery window (7 days): a mistaken destroy can be undone.
    public func delete(_ spec: Spec, observed: ObservedResource, _ context: EngineContext) async throws {
        guard observed.attributes[Attribute.state.rawValue] != .string(Self.deleting) else { return }
        _ = try await AWSError.nilIfNotFound {
            try await SecretsManager(client: context.client).deleteSecret(id: spec.name, recoveryWindowInDays: 7)
        }
    }
}
