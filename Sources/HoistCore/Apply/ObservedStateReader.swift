import Foundation
import HoistAWS

/// Identifiers of existing resources that applying needs (ARNs and ids AWS chose).
public struct DeploymentOutputs: Sendable, Equatable {
    /// The execution role's ARN.
    public var roleArn: String?
    /// The newest layer version's ARN.
    public var layerVersionArn: String?
    /// The function's ARN.
    public var functionArn: String?
    /// The function's revision, for optimistic updates.
    public var functionRevisionId: String?
    /// The HTTP API's id.
    public var apiId: String?
    /// The HTTP API's invoke URL.
    public var apiEndpoint: String?
    /// The Lambda integration's id.
    public var integrationId: String?
    /// Secret name → ARN.
    public var secretArns: [String: String] = [:]
    /// Route key → route id, for the API's routes.
    public var routeIds: [String: String] = [:]
    /// The rotation function's role's ARN.
    public var rotationRoleArn: String?
    /// The rotation function's ARN.
    public var rotationFunctionArn: String?
    /// The rotation function's revision, for optimistic updates.
    public var rotationFunctionRevisionId: String?

    /// Creates empty outputs.
    public init() {}
}

/// Reads the live state of a deployment's resources with read-only calls only.
public struct ObservedStateReader: Sendable {
    /// The client calls go through.
    public let client: AWSClient

    /// Creates a reader.
    public init(client: AWSClient) { self.client = client }

    /// The observed counterparts of `desired` that exist, and the ids found on the way; `probes` are resources
    /// hoist may have created that the config no longer asks for (see ``DesiredStateBuilder/rotationProbes(_:)``),
    /// observed too so that the plan deletes them.
    public func read(_ desired: [ResourceState], inputs: DeploymentInputs, probes: [ResourceState] = []) async throws
        -> ([ResourceState], DeploymentOutputs)
    {
        let names = ResourceNames(project: inputs.project, stage: inputs.stage)
        let desiredAddresses = Set(desired.map(\.address))
        var outputs = DeploymentOutputs()
        var observed: [ResourceState] = []
        let lambda = Lambda(client: client)

        // Layer first: the function's `layers` attribute is expressed through it.
        var layerShaByArn: [String: String] = [:]
        func layerLabel(_ arn: String) async throws -> String {
            if let known = layerShaByArn[arn] { return known }
            let parts = arn.split(separator: ":")
            guard parts.count >= 8, let version = Int(parts[7]) else { return arn }
            let layer = try await lambda.getLayerVersion(layerName: String(parts[6]), version: version)
            let label = "\(parts[6])@\(layer.content?.codeSha256 ?? "?")"
            layerShaByArn[arn] = label
            return label
        }

        var routesRead = false
        // A secret and its rotation schedule are both read from one DescribeSecret.
        var secretDescriptions: [String: SecretDescription?] = [:]
        func describeSecret(_ id: String) async throws -> SecretDescription? {
            if let known = secretDescriptions[id] { return known }
            let description = try await AWSError.nilIfNotFound {
                try await SecretsManager(client: self.client).describeSecret(id: id)
            }
            secretDescriptions[id] = description
            return description
        }
        for resource in desired + probes.filter({ !desiredAddresses.contains($0.address) }) {
            switch resource.kind {
            case .artifactBucket:
                if try await S3(client: client).headBucket(resource.name) {
                    // Encryption and the public-access block are set when hoist creates the bucket.
                    observed.append(resource)
                }
            case .artifact:
                let bucket = ResourceNames.bucket(account: inputs.account, region: inputs.region)
                if let head = try await S3(client: client).headObject(bucket: bucket, key: resource.name) {
                    observed.append(
                        ResourceState(
                            kind: .artifact, name: resource.name,
                            attributes: [
                                "sha256": .string(
                                    head.metadata[ArtifactUploader.sha256MetadataKey] ?? head.checksumSHA256 ?? "?"),
                                "bytes": .int(head.contentLength),
                            ]))
                }
            case .role:
                if let role = try await AWSError.nilIfNotFound({
                    try await IAM(client: self.client).getRole(name: resource.name)
                }) {
                    if resource.name == names.rotation {
                        outputs.rotationRoleArn = role.arn
                    } else {
                        outputs.roleArn = role.arn
                    }
                    observed.append(
                        ResourceState(
                            kind: .role, name: resource.name,
                            attributes: [
                                "trust_policy": .string(PolicyDocument.canonical(role.assumeRolePolicyDocument)),
                                "tags": .stringMap(role.tags),
                            ]))
                }
            case .rolePolicy:
                let roleName = resource.name == names.rotationRolePolicy ? names.rotation : names.base
                if let document = try await AWSError.nilIfNotFound({
                    try await IAM(client: self.client).getRolePolicy(roleName: roleName, policyName: resource.name)
                }) {
                    observed.append(
                        ResourceState(
                            kind: .rolePolicy, name: resource.name,
                            attributes: [
                                "role": .string(roleName), "document": .string(PolicyDocument.canonical(document)),
                            ]))
                }
            case .logGroup:
                let logs = CloudWatchLogs(client: client)
                if let group = try await logs.logGroup(named: resource.name) {
                    var attributes: [String: PlanValue] = [
                        "tags": .stringMap(try await logs.listTags(name: resource.name))
                    ]
                    if let days = group.retentionInDays { attributes["retention_days"] = .int(days) }
                    observed.append(ResourceState(kind: .logGroup, name: resource.name, attributes: attributes))
                }
            case .table:
                let dynamo = DynamoDB(client: client)
                if let table = try await AWSError.nilIfNotFound({ try await dynamo.describeTable(name: resource.name) })
                {
                    var attributes: [String: PlanValue] = [
                        "billing_mode": .string(table.billingModeSummary?.billingMode ?? "PROVISIONED"),
                        "point_in_time_recovery": .bool(
                            try await dynamo.pointInTimeRecoveryEnabled(name: resource.name)),
                    ]
                    if let arn = table.tableArn {
                        attributes["tags"] = .stringMap(try await dynamo.listTagsOfResource(arn: arn))
                    }
                    let types = Dictionary(
                        (table.attributeDefinitions ?? []).map { ($0.attributeName, $0.attributeType) },
                        uniquingKeysWith: { first, _ in first })
                    for key in table.keySchema ?? [] {
                        let value = PlanValue.string("\(key.attributeName):\(types[key.attributeName] ?? "?")")
                        attributes[key.keyType == "HASH" ? "partition_key" : "sort_key"] = value
                    }
                    observed.append(ResourceState(kind: .table, name: resource.name, attributes: attributes))
                }
            case .secret:
                if let secret = try await describeSecret(resource.name), secret.deletedDate == nil {
                    outputs.secretArns[resource.name] = secret.arn
                    var tags: [String: String] = [:]
                    for tag in secret.tags ?? [] { tags[tag.key] = tag.value }
                    observed.append(
                        ResourceState(kind: .secret, name: resource.name, attributes: ["tags": .stringMap(tags)]))
                }
            case .layer:
                let versions =
                    try await AWSError.nilIfNotFound({ try await lambda.listLayerVersions(layerName: resource.name) })
                    ?? []
                if let newest = versions.max(by: { ($0.version ?? 0) < ($1.version ?? 0) }),
                    let version = newest.version
                {
                    let layer = try await lambda.getLayerVersion(layerName: resource.name, version: version)
                    outputs.layerVersionArn = layer.layerVersionArn
                    if let arn = layer.layerVersionArn {
                        layerShaByArn[arn] = "\(resource.name)@\(layer.content?.codeSha256 ?? "?")"
                    }
                    observed.append(
                        ResourceState(
                            kind: .layer, name: resource.name,
                            attributes: [
                                "code_sha256": .string(layer.content?.codeSha256 ?? "?"),
                                "runtime": .string(layer.compatibleRuntimes?.first ?? "?"),
                            ]))
                }
            case .function:
                if let function = try await AWSError.nilIfNotFound({ try await lambda.getFunction(name: resource.name) }
                ),
                    let configuration = function.configuration
                {
                    if resource.name == names.rotation {
                        outputs.rotationFunctionArn = configuration.functionArn
                        outputs.rotationFunctionRevisionId = configuration.revisionId
                    } else {
                        outputs.functionArn = configuration.functionArn
                        outputs.functionRevisionId = configuration.revisionId
                    }
                    var layers: [String] = []
                    for layer in configuration.layers ?? [] {
                        if let arn = layer.arn { layers.append(try await layerLabel(arn)) }
                    }
                    let tags = (function.tags ?? [:]).filter { !$0.key.hasPrefix("aws:") }
                    let reserved = try await lambda.getFunctionConcurrency(name: resource.name)
                    observed.append(
                        ResourceState(
                            kind: .function, name: resource.name,
                            attributes: [
                                "runtime": .string(configuration.runtime ?? ""),
                                "handler": .string(configuration.handler ?? ""),
                                "architecture": .string(configuration.architectures?.first ?? "x86_64"),
                                "memory": .int(configuration.memorySize ?? 128),
                                "timeout": .int(configuration.timeout ?? 3),
                                "role": .string(configuration.role ?? ""),
                                "environment": .stringMap(configuration.environment?.variables ?? [:]),
                                "code_sha256": .string(configuration.codeSha256 ?? ""), "tags": .stringMap(tags),
                                "layers": .strings(layers),
                                "reserved_concurrency": reserved.map(PlanValue.int) ?? .string("none"),
                            ]))
                }
            case .api:
                let gateway = APIGatewayV2(client: client)
                if let api = try await gateway.getApis().first(where: { $0.name == resource.name }) {
                    outputs.apiId = api.apiId
                    outputs.apiEndpoint = api.apiEndpoint
                    var attributes: [String: PlanValue] = [
                        "protocol": .string(api.protocolType ?? ""),
                        "tags": .stringMap((api.tags ?? [:]).filter { !$0.key.hasPrefix("aws:") }),
                    ]
                    attributes["cors"] = api.corsConfiguration.map { .map(Self.corsAttributes($0)) } ?? .string("none")
                    observed.append(ResourceState(kind: .api, name: resource.name, attributes: attributes))
                }
            case .integration:
                guard let apiId = outputs.apiId else { continue }
                let integrations = try await APIGatewayV2(client: client).getIntegrations(apiId: apiId)
                if let integration = integrations.first(where: { $0.integrationType == "AWS_PROXY" }) {
                    outputs.integrationId = integration.integrationId
                    observed.append(
                        ResourceState(
                            kind: .integration, name: resource.name,
                            attributes: [
                                "type": .string(integration.integrationType ?? ""),
                                "uri": .string(integration.integrationUri ?? ""),
                                "payload_format_version": .string(integration.payloadFormatVersion ?? ""),
                            ]))
                }
            case .route:
                // Every route of the API is read once, at the first route: the API is hoist's, so a route the
                // config no longer names is observed too and planned for deletion.
                guard let apiId = outputs.apiId, routesRead == false else { continue }
                routesRead = true
                for route in try await APIGatewayV2(client: client).getRoutes(apiId: apiId) {
                    guard let key = route.routeKey else { continue }
                    outputs.routeIds[key] = route.routeId
                    let target =
                        route.target == "integrations/\(outputs.integrationId ?? "-")"
                        ? "integration.\(names.base)" : (route.target ?? "")
                    observed.append(ResourceState(kind: .route, name: key, attributes: ["target": .string(target)]))
                }
            case .stage:
                guard let apiId = outputs.apiId else { continue }
                if let stage = try await APIGatewayV2(client: client).getStages(apiId: apiId).first(where: {
                    $0.stageName == resource.name
                }) {
                    observed.append(
                        ResourceState(
                            kind: .stage, name: resource.name,
                            attributes: ["auto_deploy": .bool(stage.autoDeploy ?? false)]))
                }
            case .permission:
                let rotation = resource.name == names.rotationPermission
                let functionName = rotation ? names.rotation : names.base
                guard (rotation ? outputs.rotationFunctionArn : outputs.functionArn) != nil,
                    let policy = try await AWSError.nilIfNotFound({
                        try await lambda.getPolicy(functionName: functionName)
                    }),
                    let statement = Self.statement(in: policy, sid: resource.name)
                else { continue }
                let source: String
                if let secret = outputs.secretArns.first(where: { $0.value == statement.sourceArn }) {
                    source = "secret.\(secret.key)"
                } else if statement.sourceArn.contains("/\(outputs.apiId ?? "-")/")
                    || statement.sourceArn.hasSuffix(":\(outputs.apiId ?? "-")/*/*")
                {
                    source = "api.\(names.base)"
                } else {
                    source = statement.sourceArn
                }
                observed.append(
                    ResourceState(
                        kind: .permission, name: resource.name,
                        attributes: [
                            "action": .string(statement.action), "principal": .string(statement.principal),
                            "source": .string(source),
                        ]))
            case .secretRotation:
                guard let secret = try await describeSecret(resource.name), secret.deletedDate == nil,
                    secret.rotationEnabled == true
                else { continue }
                let lambdaArn = secret.rotationLambdaARN ?? ""
                let ours = lambdaArn.hasSuffix(":function:\(names.rotation)")
                // A rotation hoist did not set up (another function) is left alone unless the config asks for one.
                guard ours || desiredAddresses.contains(resource.address) else { continue }
                observed.append(
                    ResourceState(
                        kind: .secretRotation, name: resource.name,
                        attributes: [
                            "function": .string(ours ? "function.\(names.rotation)" : lambdaArn),
                            "after_days": .int(secret.rotationRules?.automaticallyAfterDays ?? 0),
                        ]))
            }
        }
        return (observed, outputs)
    }

    /// CORS settings as plan attributes.
    public static func corsAttributes(_ cors: APIGatewayCors) -> [String: PlanValue] {
        var attributes: [String: PlanValue] = [:]
        if let origins = cors.allowOrigins { attributes["allow_origins"] = .strings(origins) }
        if let methods = cors.allowMethods { attributes["allow_methods"] = .strings(methods) }
        if let headers = cors.allowHeaders { attributes["allow_headers"] = .strings(headers) }
        if let maxAge = cors.maxAge { attributes["max_age"] = .int(maxAge) }
        return attributes
    }

    struct PermissionStatement {
        var action: String
        var principal: String
        var sourceArn: String
    }

    static func statement(in policy: String, sid: String) -> PermissionStatement? {
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
        return PermissionStatement(
            action: statement["Action"] as? String ?? "", principal: principal, sourceArn: source)
    }
}
