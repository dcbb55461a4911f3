import Foundation
import HoistAWS

extension ResourceKind {
    /// A statement of a function's resource policy letting a service invoke it.
    public static let permission = ResourceKind("permission")
}

/// Lets a service invoke a function, for one source only: API Gateway for the stage's API, Secrets Manager for the
/// rotated secret; or anyone, through the function URL of an alias whose auth type is `NONE` (two statements:
/// `lambda:InvokeFunctionUrl` for that auth type, `lambda:InvokeFunction` only through the URL). Owned through the
/// function.
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
        /// The alias the statement is on (what the API invokes); nil for the unqualified function.
        public var qualifier: String?
        /// The id of the statement on the unqualified function that this one replaces (a stage deployed before
        /// aliases), deleted once this one exists.
        public var replaces: String?
        /// The action allowed; nil is `lambda:InvokeFunction` (and leaves plans written before it unchanged).
        public var action: String?
        /// The function URL auth type the statement holds for (`NONE` for a public URL's
        /// `lambda:InvokeFunctionUrl`); nil for none.
        public var functionUrlAuthType: String?
        /// Whether the statement holds only for invocations through a function URL; nil for no such condition.
        public var invokedViaFunctionUrl: Bool?

        /// The action allowed.
        public var allowedAction: String { action ?? PermissionDriver.action }

        /// The conditions on a function URL, as plans show them; nil for a statement without any.
        var urlCondition: String? {
            PermissionDriver.urlCondition(authType: functionUrlAuthType, invokedViaFunctionUrl: invokedViaFunctionUrl)
        }
    }

    /// `lambda:FunctionUrlAuthType=NONE`, `lambda:InvokedViaFunctionUrl=true`, both joined, or nil for neither.
    static func urlCondition(authType: String?, invokedViaFunctionUrl: Bool?) -> String? {
        let parts =
            (authType.map { ["lambda:FunctionUrlAuthType=\($0)"] } ?? [])
            + (invokedViaFunctionUrl.map { ["lambda:InvokedViaFunctionUrl=\($0)"] } ?? [])
        return parts.isEmpty ? nil : parts.joined(separator: ", ")
    }

    /// What a plan shows.
    public enum Attribute: String, CaseIterable, Sendable {
        case action, principal, source
        /// A function URL's conditions; only on a statement that has them.
        case condition
    }

    static let action = "lambda:InvokeFunction"
    /// What invoking through a function URL takes.
    public static let invokeFunctionUrl = "lambda:InvokeFunctionUrl"

    /// The kind this driver handles.
    public var kind: ResourceKind { .permission }

    /// What the deploying identity needs for this kind.
    public func grants(_ scope: DeployerScope) -> [DeployerGrant] {
        [
            DeployerGrant(
                sid: "Functions", reads: ["lambda:GetPolicy"],
                resources: ["\(scope.arnPrefix):lambda:\(scope.region):\(scope.account):function:\(scope.prefix)*"]),
            DeployerGrant(
                sid: "ChangeProjectFunctions", writes: ["lambda:AddPermission", "lambda:RemovePermission"],
                resources: ["\(scope.arnPrefix):lambda:\(scope.region):\(scope.account):function:\(scope.prefix)*"],
                conditions: scope.ownedOnly),
        ]
    }

    /// The resource's name.
    public func name(of spec: Spec) -> String { spec.statementId }
    /// What must exist first.
    public func dependencies(of spec: Spec) -> [ResourceAddress] {
        [ResourceAddress(.function, spec.function), spec.source]
            + (spec.qualifier.map { [ResourceAddress(.alias, "\(spec.function):\($0)")] } ?? [])
    }
    /// The resource it is owned through.
    public func parent(of spec: Spec) -> ResourceAddress? { ResourceAddress(.function, spec.function) }

    /// The attributes a plan shows; a function URL's conditions only on a statement that has them.
    public func render(_ spec: Spec, _ scope: DeploymentScope) -> [Attribute: PlanValue] {
        var attributes: [Attribute: PlanValue] = [
            .action: .string(spec.allowedAction), .principal: .string(spec.principal),
            .source: .string(spec.source.description),
        ]
        if let condition = spec.urlCondition { attributes[.condition] = .string(condition) }
        return attributes
    }

    /// The source ARN a statement must name: the API's execute-api ARN, or the secret's; none for a function
    /// URL's statements (anyone may call a public URL: the conditions, not a source, bound them).
    func sourceArn(_ spec: Spec, _ context: EngineContext) throws -> String? {
        if spec.source.kind == .functionURL { return nil }
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

    /// The resource policy of the function or of its alias, read once per plan.
    static func policy(_ spec: Spec, _ context: EngineContext) async throws -> String? {
        try await context.cache.memo("policy:\(spec.function):\(spec.qualifier ?? "")") {
            try await AWSError.nilIfNotFound {
                try await Lambda(client: context.client).getPolicy(
                    functionName: spec.function, qualifier: spec.qualifier)
            }
        }
    }

    /// Reads the live statement: the one named by the statement id, or by the id with a suffix an update gave it.
    public func read(_ spec: Spec, _ context: EngineContext) async throws -> Observation<Attribute>? {
        guard let policy = try await Self.policy(spec, context),
            let statement = PolicyStatementReader.statement(
                in: policy, sid: spec.statementId, orSuffixed: true, on: Self.resourceSuffix(spec))
        else { return nil }
        var source = statement.sourceArn
        // A function URL's statements name no source: none read is the one expected.
        if (try? sourceArn(spec, context) ?? "") == statement.sourceArn { source = spec.source.description }
        var attributes: [Attribute: PlanValue] = [
            .action: .string(statement.action), .principal: .string(statement.principal), .source: .string(source),
        ]
        if let condition = statement.urlCondition { attributes[.condition] = .string(condition) }
        return Observation(attributes: attributes, identity: ResourceIdentity(id: statement.sid), tags: nil)
    }

    /// How the statement's `Resource` ends: `:function:<name>` on the function, `:<alias>` on an alias. A policy
    /// read for one alias holds only that alias's statements on AWS; moto answers every qualifier with one shared
    /// policy, and the Resource tells them apart on both.
    static func resourceSuffix(_ spec: Spec) -> String {
        spec.qualifier.map { ":\($0)" } ?? ":function:\(spec.function)"
    }

    /// The statement on the unqualified function that a statement on the alias replaces, left by a stage deployed
    /// before aliases: the API now invokes the alias, so the plan deletes it.
    public func discover(desired: [Spec], _ context: EngineContext) async throws -> [(Spec, Observation<Attribute>)] {
        var found: [(Spec, Observation<Attribute>)] = []
        for spec in desired where spec.qualifier != nil {
            guard let replaced = spec.replaces else { continue }
            let unqualified = Spec(
                statementId: replaced, function: spec.function, principal: spec.principal, source: spec.source)
            if var live = try await read(unqualified, context) {
                live.pruneReason = "replaced by \(spec.statementId) on the alias \(spec.qualifier ?? "")"
                found.append((unqualified, live))
            }
        }
        return found
    }

    /// Creates it; returns its identity.
    public func create(_ spec: Spec, _ context: EngineContext) async throws -> ResourceIdentity {
        try await add(spec, sid: spec.statementId, context)
    }

    /// AddPermission under `sid`, read first after a lost answer.
    func add(_ spec: Spec, sid: String, _ context: EngineContext) async throws -> ResourceIdentity {
        let source = try sourceArn(spec, context)
        _ = try await context.createOnce(
            address(of: spec), alreadyExists: ["ResourceConflictException"],
            find: { () async throws -> Bool? in
                let policy = try await AWSError.nilIfNotFound {
                    try await Lambda(client: context.client).getPolicy(
                        functionName: spec.function, qualifier: spec.qualifier)
                }
                return policy.flatMap {
                    PolicyStatementReader.statement(in: $0, sid: sid, on: Self.resourceSuffix(spec))
                }
                .flatMap { $0.sourceArn == (source ?? "") ? true : nil }
            },
            create: { client in
                _ = try await Lambda(client: client).addPermission(
                    functionName: spec.function, statementId: sid, action: spec.allowedAction,
                    principal: spec.principal, sourceArn: source, qualifier: spec.qualifier,
                    functionUrlAuthType: spec.functionUrlAuthType, invokedViaFunctionUrl: spec.invokedViaFunctionUrl)
                return true
            })
        return ResourceIdentity(id: sid)
    }

    /// A statement cannot be changed, so the new one is added first, under a new statement id, and the old one
    /// removed after: an interruption in between leaves two statements that both allow a caller, never none.
    public func update(_ spec: Spec, observed: ObservedResource, changed: Set<Attribute>, _ context: EngineContext)
        async throws -> ResourceIdentity
    {
        let current = observed.identity.id ?? spec.statementId
        // What the new statement holds for: its source, or for a function URL's, its action and conditions.
        let basis = try sourceArn(spec, context) ?? "\(spec.allowedAction) \(spec.urlCondition ?? "")"
        let digest = SigV4Signer.hexSHA256(Array(basis.utf8)).prefix(8)
        var sid = "\(spec.statementId)-\(digest)"
        if sid == current { sid = spec.statementId }
        let added = try await add(spec, sid: sid, context)
        _ = try await AWSError.nilIfNotFound {
            try await Lambda(client: context.client).removePermission(
                functionName: spec.function, statementId: current, qualifier: spec.qualifier)
        }
        return added
    }

    /// Deletes it; one already gone counts as deleted.
    public func delete(_ spec: Spec, observed: ObservedResource, _ context: EngineContext) async throws {
        guard !context.deletions.contains(ResourceAddress(.function, spec.function)) else { return }
        _ = try await AWSError.nilIfNotFound {
            try await Lambda(client: context.client).removePermission(
                functionName: spec.function, statementId: observed.identity.id ?? spec.statementId,
                qualifier: spec.qualifier)
        }
    }
}

/// Reads one statement of a function's resource policy.
enum PolicyStatementReader {
    /// What hoist compares of a statement.
    struct Statement {
        var sid: String
        var action: String
        var principal: String
        var sourceArn: String
        /// `StringEquals` `lambda:FunctionUrlAuthType`, if the statement has it.
        var functionUrlAuthType: String?
        /// `Bool` `lambda:InvokedViaFunctionUrl`, if the statement has it.
        var invokedViaFunctionUrl: Bool?

        /// The function URL conditions as plans show them (as ``PermissionDriver/Spec/urlCondition``).
        var urlCondition: String? {
            PermissionDriver.urlCondition(authType: functionUrlAuthType, invokedViaFunctionUrl: invokedViaFunctionUrl)
        }
    }

    /// The statement `sid` on a resource ending in `resourceSuffix`; with `orSuffixed`, else one named
    /// `<sid>-<suffix>` (what an update adds).
    static func statement(in policy: String, sid: String, orSuffixed: Bool = false, on resourceSuffix: String)
        -> Statement?
    {
        guard let object = try? JSONSerialization.jsonObject(with: Data(policy.utf8)) as? [String: Any],
            let statements = (object["Statement"] as? [[String: Any]])?.filter({
                ($0["Resource"] as? String)?.hasSuffix(resourceSuffix) ?? true
            }),
            let statement = statements.first(where: { $0["Sid"] as? String == sid })
                ?? (orSuffixed
                    ? statements.first(where: { ($0["Sid"] as? String)?.hasPrefix(sid + "-") == true }) : nil)
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
        return Statement(
            sid: statement["Sid"] as? String ?? sid, action: statement["Action"] as? String ?? "", principal: principal,
            sourceArn: source,
            functionUrlAuthType: condition?["StringEquals"]?["lambda:FunctionUrlAuthType"] as? String,
            invokedViaFunctionUrl: flag(condition?["Bool"]?["lambda:InvokedViaFunctionUrl"]))
    }

    /// A `Bool` condition's value: IAM writes it as `"true"`, JSON may carry `true`.
    static func flag(_ value: Any?) -> Bool? {
        if let text = value as? String { return text == "true" }
        return value as? Bool
    }
}
