import Foundation
import HoistAWS

extension ResourceKind {
    /// A statement of a function's resource policy letting a service invoke it.
    public static let permission = ResourceKind("permission")
}

/// Lets a service invoke a function, for one source only: API Gateway for the stage's API, Secrets Manager for the
/// rotated secret. Owned through the function.
public struct PermissionDriver: ResourceDriver {
    /// The permission.
    public struct Spec: Codable, Sendable, Equatable {
        /// The statement id.
        public var statementId: String
        /// The function.
        public var function: String
        /// The service principal.
        public var principal: String
        /// The API or secret allowed to invoke it.
        public var source: ResourceAddress
    }

    /// What a plan shows.
    public enum Attribute: String, CaseIterable, Sendable {
        case action, principal, source
    }

    static let action = "lambda:InvokeFunction"

    /// The kind this driver handles.
    public var kind: ResourceKind { .permission }

    /// What the deploying identity needs for this kind.
    public func grants(_ scope: DeployerScope) -> [DeployerGrant] {
        [
            DeployerGrant(
                sid: "Functions", reads: ["lambda:GetPolicy"],
                writes: ["lambda:AddPermission", "lambda:RemovePermission"],
                resources: ["\(scope.arnPrefix):lambda:\(scope.region):\(scope.account):function:\(scope.prefix)*"])
        ]
    }

    /// The resource's name.
    public func name(of spec: Spec) -> String { spec.statementId }
    /// What must exist first.
    public func dependencies(of spec: Spec) -> [ResourceAddress] {
        [ResourceAddress(.function, spec.function), spec.source]
    }
    /// The resource it is owned through.
    public func parent(of spec: Spec) -> ResourceAddress? { ResourceAddress(.function, spec.function) }

    /// The attributes a plan shows.
    public func render(_ spec: Spec, _ scope: DeploymentScope) -> [Attribute: PlanValue] {
        [.action: .string(Self.action), .principal: .string(spec.principal), .source: .string(spec.source.description)]
    }

    /// The source ARN a statement must name: the API's execute-api ARN, or the secret's.
    func sourceArn(_ spec: Spec, _ context: EngineContext) throws -> String {
        let identity = try context.require(spec.source, for: address(of: spec))
        if spec.source.kind == .api, let apiId = identity.id {
            return context.arn("execute-api", "\(apiId)/*/*").description
        }
        guard let arn = identity.arn else {
            throw EngineError(
                code: .missingDependency, address: address(of: spec), message: "\(spec.source) has no ARN")
        }
        return arn.description
    }

    /// Reads the live resource; nil when absent.
    public func read(_ spec: Spec, _ context: EngineContext) async throws -> Observation<Attribute>? {
        guard
            let policy = try await context.cache.memo(
                "policy:\(spec.function)",
                {
                    try await AWSError.nilIfNotFound {
                        try await Lambda(client: context.client).getPolicy(functionName: spec.function)
                    }
                }), let statement = PolicyStatementReader.statement(in: policy, sid: spec.statementId)
        else { return nil }
        var source = statement.sourceArn
        if (try? sourceArn(spec, context)) == statement.sourceArn { source = spec.source.description }
        return Observation(
            attributes: [
                .action: .string(statement.action), .principal: .string(statement.principal), .source: .string(source),
            ], tags: nil)
    }

    /// Creates it; returns its identity.
    public func create(_ spec: Spec, _ context: EngineContext) async throws -> ResourceIdentity {
        let source = try sourceArn(spec, context)
        _ = try await context.createOnce(
            address(of: spec), alreadyExists: ["ResourceConflictException"],
            find: { () async throws -> Bool? in
                let policy = try await AWSError.nilIfNotFound {
                    try await Lambda(client: context.client).getPolicy(functionName: spec.function)
                }
                return policy.flatMap { PolicyStatementReader.statement(in: $0, sid: spec.statementId) }
                    .flatMap { $0.sourceArn == source ? true : nil }
            },
            create: { client in
                _ = try await Lambda(client: client).addPermission(
                    functionName: spec.function, statementId: spec.statementId, action: Self.action,
                    principal: spec.principal, sourceArn: source)
                return true
            })
        return ResourceIdentity(id: spec.statementId)
    }

    /// A statement cannot be changed: it is removed and added again.
    public func update(_ spec: Spec, observed: ObservedResource, changed: Set<Attribute>, _ context: EngineContext)
        async throws -> ResourceIdentity
    {
        try await delete(spec, observed: observed, context)
        return try await create(spec, context)
    }

    /// Deletes it; one already gone counts as deleted.
    public func delete(_ spec: Spec, observed: ObservedResource, _ context: EngineContext) async throws {
        guard !context.deletions.contains(ResourceAddress(.function, spec.function)) else { return }
        _ = try await AWSError.nilIfNotFound {
            try await Lambda(client: context.client).removePermission(
                functionName: spec.function, statementId: spec.statementId)
        }
    }
}

/// Reads one statement of a function's resource policy.
enum PolicyStatementReader {
    /// What hoist compares of a statement.
    struct Statement {
        var action: String
        var principal: String
        var sourceArn: String
    }

    static func statement(in policy: String, sid: String) -> Statement? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(policy.utf8)) as? [String: Any],
            let statements = object["Statement"] as? [[String: Any]],
            let statement = statements.first(where: { $0["Sid"] as? String == sid })
        else { return nil }
        let principal: String
        if let text = statement["Principal"] as? String {
            principal = text
        } else {
            principal = (statement["Principal"] as? [String: Any])?["Service"] as? String ?? ""
        }
        let condition = statement["Condition"] as? [String: [String: Any]]
        let source =
            condition?["ArnLike"]?["AWS:SourceArn"] as? String ?? condition?["ArnLike"]?["aws:SourceArn"] as? String
            ?? ""
        return Statement(action: statement["Action"] as? String ?? "", principal: principal, sourceArn: source)
    }
}
