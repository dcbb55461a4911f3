import HoistAWS

extension ResourceKind {
    /// The dependency layer.
    public static let layer = ResourceKind("layer")
}

/// The dependency layer `<project>-<stage>-deps`: a new version whenever its zip changes. Layer versions take no
/// tags; the description `hoist <project> <stage>` marks whose a version is.
public struct LayerDriver: ResourceDriver {
    /// The layer.
    public struct Spec: Codable, Sendable, Equatable {
        /// The layer's name.
        public var name: String
        /// The compatible runtime.
        public var runtime: String
        /// The compatible architecture.
        public var architecture: String
        /// The zip.
        public var code: CodeSource
        /// `hoist <project> <stage>`.
        public var description: String
    }

    /// What a plan shows.
    public enum Attribute: String, CaseIterable, Sendable {
        /// The newest version's zip digest.
        case codeSha256 = "code_sha256"
        /// Its runtime.
        case runtime
    }

    /// The kind this driver handles.
    public var kind: ResourceKind { .layer }

    /// What the deploying identity needs for this kind.
    public func grants(_ scope: DeployerScope) -> [DeployerGrant] {
        let layer = "\(scope.arnPrefix):lambda:\(scope.region):\(scope.account):layer:\(scope.prefix)*"
        return [
            DeployerGrant(
                sid: "Layers", reads: ["lambda:GetLayerVersion"],
                writes: ["lambda:DeleteLayerVersion", "lambda:PublishLayerVersion"], resources: [layer, "\(layer):*"]),
            // ListLayerVersions has no resource-level permission: it takes "*".
            DeployerGrant(sid: "ListWithoutResourceScope", reads: ["lambda:ListLayerVersions"], resources: ["*"]),
        ]
    }

    /// The resource's name.
    public func name(of spec: Spec) -> String { spec.name }
    /// What must exist first.
    public func dependencies(of spec: Spec) -> [ResourceAddress] { spec.code.artifact.map { [$0] } ?? [] }

    /// The attributes a plan shows.
    public func render(_ spec: Spec, _ scope: DeploymentScope) -> [Attribute: PlanValue] {
        [.codeSha256: .string(spec.code.sha256Base64), .runtime: .string(spec.runtime)]
    }

    /// The owner tags a layer version's description stands for.
    static func ownerTags(_ description: String?) -> [String: String] {
        let words = (description ?? "").split(separator: " ").map(String.init)
        guard words.count == 3, words[0] == "hoist" else { return [:] }
        return [Ownership.projectTag: words[1], Ownership.stageTag: words[2]]
    }

    /// Reads the live resource; nil when absent.
    public func read(_ spec: Spec, _ context: EngineContext) async throws -> Observation<Attribute>? {
        let lambda = Lambda(client: context.client)
        let versions =
            try await AWSError.nilIfNotFound({ try await lambda.listLayerVersions(layerName: spec.name) }) ?? []
        guard let newest = versions.max(by: { ($0.version ?? 0) < ($1.version ?? 0) }), let number = newest.version
        else { return nil }
        let layer = try await lambda.getLayerVersion(layerName: spec.name, version: number)
        return Observation(
            attributes: [
                .codeSha256: .string(layer.content?.codeSha256 ?? "?"),
                .runtime: .string(layer.compatibleRuntimes?.first ?? "?"),
            ],
            identity: ResourceIdentity(
                arn: layer.layerVersionArn.flatMap(ARN.init), id: String(number),
                parts: versions.compactMap(\.version).map(String.init)),
            tags: Self.ownerTags(layer.description ?? newest.description))
    }

    /// Publishes a version; after an answer lost once Lambda acted, the newest version with this zip and this
    /// stage's description is the one published, not a reason to publish another.
    public func create(_ spec: Spec, _ context: EngineContext) async throws -> ResourceIdentity {
        let code = try spec.code.lambdaCode(for: address(of: spec))
        let lambda = Lambda(client: context.client)
        let published = try await context.createOnce(
            address(of: spec),
            find: {
                let versions =
                    try await AWSError.nilIfNotFound({ try await lambda.listLayerVersions(layerName: spec.name) }) ?? []
                guard let newest = versions.max(by: { ($0.version ?? 0) < ($1.version ?? 0) }),
                    let number = newest.version
                else { return nil }
                let layer = try await lambda.getLayerVersion(layerName: spec.name, version: number)
                guard layer.content?.codeSha256 == spec.code.sha256Base64, layer.description == spec.description else {
                    return nil
                }
                return layer
            },
            create: { client in
                try await Lambda(client: client).publishLayerVersion(
                    layerName: spec.name, content: code, description: spec.description,
                    compatibleRuntimes: [spec.runtime], compatibleArchitectures: [spec.architecture])
            })
        return ResourceIdentity(
            arn: published.layerVersionArn.flatMap(ARN.init), id: published.version.map(String.init))
    }

    /// A changed zip is a new version.
    public func update(_ spec: Spec, observed: ObservedResource, changed: Set<Attribute>, _ context: EngineContext)
        async throws -> ResourceIdentity
    {
        try await create(spec, context)
    }

    /// Deletes every version.
    public func delete(_ spec: Spec, observed: ObservedResource, _ context: EngineContext) async throws {
        let lambda = Lambda(client: context.client)
        for version in (observed.identity.parts ?? []).compactMap(Int.init) {
            _ = try await AWSError.nilIfNotFound {
                try await lambda.deleteLayerVersion(layerName: spec.name, version: version)
            }
        }
    }
}
