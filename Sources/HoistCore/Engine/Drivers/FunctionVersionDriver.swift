import Foundation
import HoistAWS

extension ResourceKind {
    /// A published version of a function.
    public static let functionVersion = ResourceKind("version")
}

/// The published version that holds what the function is meant to be: a deploy that changes the function's code
/// or configuration publishes one, and the alias moves to it. Owned through the function.
///
/// Versions are matched by what they hold, not by number or description: the newest published version whose
/// code and configuration (everything but tags and reserved concurrency, which belong to the function) equal the
/// desired function's is the one; none means a version is published. Published versions beyond `keep`, older than
/// the ones kept and held by no alias, are discovered and deleted.
public struct FunctionVersionDriver: ResourceDriver {
    /// The version.
    public struct Spec: Codable, Sendable, Equatable {
        /// The function's name.
        public var function: String
        /// The published versions that stay (the newest ones); older ones no alias holds are deleted.
        public var keep: Int
        /// What the version must hold: the function's desired state. Nil for an older version found to delete.
        public var holds: FunctionDriver.Spec?
        /// The version number of an older version found to delete; nil for the desired one.
        public var number: String?
        /// The source's git commit, recorded in the description of a version this deploy publishes.
        public var commit: String?
    }

    /// What a plan shows.
    public enum Attribute: String, CaseIterable, Sendable {
        case codeSha256 = "code_sha256"
        case configuration
    }

    /// The kind this driver handles.
    public var kind: ResourceKind { .functionVersion }

    /// What the deploying identity needs for this kind.
    public func grants(_ scope: DeployerScope) -> [DeployerGrant] {
        let function = "\(scope.arnPrefix):lambda:\(scope.region):\(scope.account):function:\(scope.prefix)*"
        return [
            DeployerGrant(
                sid: "Functions", reads: ["lambda:ListAliases", "lambda:ListVersionsByFunction"],
                resources: [function]),
            DeployerGrant(
                sid: "ChangeProjectFunctions", writes: ["lambda:DeleteFunction", "lambda:PublishVersion"],
                resources: [function], conditions: scope.ownedOnly),
        ]
    }

    /// `<function>` for the desired version, `<function>:<number>` for an older one.
    public func name(of spec: Spec) -> String { spec.number.map { "\(spec.function):\($0)" } ?? spec.function }
    /// The function is created or updated first: the version is a copy of it.
    public func dependencies(of spec: Spec) -> [ResourceAddress] { [ResourceAddress(.function, spec.function)] }
    /// Owned through the function.
    public func parent(of spec: Spec) -> ResourceAddress? { ResourceAddress(.function, spec.function) }

    /// The attributes a plan shows: the code digest and a digest of the versioned configuration.
    public func render(_ spec: Spec, _ scope: DeploymentScope) -> [Attribute: PlanValue] {
        guard let holds = spec.holds else { return [:] }
        let rendered = FunctionDriver().render(holds, scope)
        return Self.attributes(rendered)
    }

    /// The plan's attributes of a version from the function's versioned attributes.
    static func attributes(_ function: [FunctionDriver.Attribute: PlanValue]) -> [Attribute: PlanValue] {
        let versioned = FunctionDriver.versionedAttributes.filter { $0 != .codeSha256 }.map { attribute in
            "\(attribute.rawValue)=\(function[attribute]?.description ?? "")"
        }
        let digest = SigV4Signer.hexSHA256(Array(versioned.joined(separator: "\n").utf8)).prefix(12)
        return [.codeSha256: function[.codeSha256] ?? .string(""), .configuration: .string("sha256:\(digest)…")]
    }

    /// The published versions of a function, read once per plan; nil when the function does not exist.
    static func versions(_ function: String, _ context: EngineContext) async throws -> [FunctionConfiguration]? {
        try await context.cache.memo("versions:\(function)") {
            try await AWSError.nilIfNotFound {
                try await Lambda(client: context.client).listVersionsByFunction(functionName: function)
                    .filter { $0.version != "$LATEST" }
            }
        }
    }

    /// The versions some alias of the function holds, or gives a share of its traffic.
    static func aliased(_ function: String, _ context: EngineContext) async throws -> Set<String> {
        try await context.cache.memo("aliased:\(function)") {
            let aliases =
                try await AWSError.nilIfNotFound {
                    try await Lambda(client: context.client).listAliases(functionName: function)
                } ?? []
            var held = Set(aliases.compactMap(\.functionVersion))
            for alias in aliases { held.formUnion(alias.weights.keys) }
            return held
        }
    }

    /// The newest published version that holds what the spec wants.
    public func read(_ spec: Spec, _ context: EngineContext) async throws -> Observation<Attribute>? {
        guard let holds = spec.holds, let versions = try await Self.versions(spec.function, context) else {
            return nil
        }
        let wanted = render(spec, context.scope)
        for version in versions.sorted(by: { Self.number($0) > Self.number($1) }) {
            let attributes = Self.attributes(try await FunctionDriver.versioned(version, holds, context))
            if attributes == wanted { return observation(version, attributes) }
        }
        return nil
    }

    func observation(_ version: FunctionConfiguration, _ attributes: [Attribute: PlanValue]) -> Observation<Attribute> {
        Observation(
            attributes: attributes,
            identity: ResourceIdentity(
                arn: version.functionArn.flatMap(ARN.init), id: version.version, revision: version.revisionId),
            tags: nil)
    }

    static func number(_ version: FunctionConfiguration) -> Int { Int(version.version ?? "") ?? 0 }

    /// Published versions older than the newest `keep` (counting the one this deploy publishes) that no alias
    /// holds and that are not the desired one: deleted by the plan.
    public func discover(desired: [Spec], _ context: EngineContext) async throws -> [(Spec, Observation<Attribute>)] {
        var found: [(Spec, Observation<Attribute>)] = []
        for spec in desired where spec.number == nil {
            guard let holds = spec.holds, let versions = try await Self.versions(spec.function, context) else {
                continue
            }
            let current = try await read(spec, context)?.identity.id
            let held = try await Self.aliased(spec.function, context).union(current.map { [$0] } ?? [])
            let newestFirst = versions.sorted { Self.number($0) > Self.number($1) }
            let keptExisting = current == nil ? spec.keep - 1 : spec.keep
            for version in newestFirst.dropFirst(max(0, keptExisting)) {
                guard let number = version.version, !held.contains(number) else { continue }
                var old = spec
                old.holds = nil
                old.number = number
                old.commit = nil
                let attributes = Self.attributes(try await FunctionDriver.versioned(version, holds, context))
                var older = observation(version, attributes)
                older.pruneReason = "older than the \(spec.keep) versions kept, held by no alias"
                found.append((old, older))
            }
        }
        return found
    }

    /// PublishVersion of `$LATEST` as the plan (and this apply's function update) left it: Lambda refuses the call
    /// if `$LATEST` has another revision or code, so the version never holds someone else's change. The
    /// description records the code digest, the commit and the time for `hoist releases`.
    public func create(_ spec: Spec, _ context: EngineContext) async throws -> ResourceIdentity {
        let address = self.address(of: spec)
        guard let holds = spec.holds else {
            throw EngineError(
                code: .unsupported, address: address, message: "an older version is never published again")
        }
        let lambda = Lambda(client: context.client)
        let description = ReleaseDescription(
            codeSha256: holds.code.sha256Base64, commit: spec.commit, publishedAt: Date()
        ).text
        // CodeSha256 makes Lambda refuse to publish other code; a RevisionId would also refuse after this apply's
        // own tag or concurrency change, so the configuration is checked on the answer instead.
        let published = try await FunctionDriver().guardingRevision(address) {
            try await context.retryingEventualConsistency(address) {
                try await lambda.publishVersion(
                    functionName: spec.function, codeSha256: holds.code.sha256Base64, description: description,
                    revisionId: nil)
            }
        }
        guard let number = published.version else {
            throw EngineError(code: .aws, address: address, message: "PublishVersion answered no version")
        }
        let holding = Self.attributes(try await FunctionDriver.versioned(published, holds, context))
        guard holding == render(spec, context.scope) else {
            throw EngineError(
                code: .drift, address: address,
                message: "version \(number) does not hold what was planned: $LATEST changed since the plan",
                hint: "run `hoist plan` again")
        }
        _ = try await lambda.waitUntilActive(name: spec.function, version: number, interval: context.pollInterval)
        context.report("  \(spec.function): published version \(number)")
        return ResourceIdentity(
            arn: published.functionArn.flatMap(ARN.init), id: number, revision: published.revisionId)
    }

    /// A version never changes: a different one is a different resource.
    public func update(_ spec: Spec, observed: ObservedResource, changed: Set<Attribute>, _ context: EngineContext)
        async throws -> ResourceIdentity
    {
        observed.identity
    }

    /// Deletes an older version; nothing to do when the function goes too.
    public func delete(_ spec: Spec, observed: ObservedResource, _ context: EngineContext) async throws {
        guard !context.deletions.contains(ResourceAddress(.function, spec.function)),
            let number = observed.identity.id ?? spec.number
        else { return }
        _ = try await AWSError.nilIfNotFound {
            try await Lambda(client: context.client).deleteFunction(name: spec.function, qualifier: number)
        }
    }
}
