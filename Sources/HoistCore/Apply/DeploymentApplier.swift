import Foundation
import HoistAWS

/// Why an apply stopped.
public struct ApplyError: Error, Sendable, CustomStringConvertible {
    /// The resource being changed.
    public var address: String
    /// What hoist was doing.
    public var message: String
    /// The AWS error or other cause.
    public var underlying: (any Error & Sendable)?

    /// Creates an error.
    public init(address: String, message: String, underlying: (any Error & Sendable)? = nil) {
        self.address = address
        self.message = message
        self.underlying = underlying
    }

    /// `address: message: cause`.
    public var description: String {
        "\(address): \(message)" + (underlying.map { ": \($0)" } ?? "")
    }
}

/// Applies a plan: resources in dependency waves, the independent ones of a wave concurrently.
public struct DeploymentApplier: Sendable {
    /// The client calls go through.
    public let client: AWSClient
    /// The deployment's inputs.
    public let inputs: DeploymentInputs
    /// Receives one line per step.
    public let report: @Sendable (String) -> Void
    /// Seconds between waiter polls.
    public var pollInterval: Double = 1
    /// Attempts for a role Lambda cannot assume yet, and for ResourceConflictException.
    public var eventualConsistencyAttempts = 8
    /// Counts the bytes of artifact uploads, for a progress bar; nil for none.
    public var progress: TransferProgress?

    /// Creates an applier.
    public init(client: AWSClient, inputs: DeploymentInputs, report: @escaping @Sendable (String) -> Void = { _ in }) {
        self.client = client
        self.inputs = inputs
        self.report = report
    }

    var names: ResourceNames { ResourceNames(project: inputs.project, stage: inputs.stage) }

    /// Applies every create, update and replace of the plan, then its deletes one by one in the plan's order
    /// (dependents first); returns the outputs (API URL, ARNs).
    public func apply(_ plan: Plan, outputs start: DeploymentOutputs) async throws -> DeploymentOutputs {
        let state = OutputsBox(start)
        for wave in Self.waves(plan.resources.filter { $0.action != .delete }) {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for resource in wave where resource.action != .noOp {
                    group.addTask { try await self.applyOne(resource, state: state) }
                }
                try await group.waitForAll()
            }
        }
        for resource in plan.resources where resource.action == .delete {
            try await applyOne(resource, state: state)
        }
        return state.value
    }

    /// The addresses a deploy may delete: routes the config dropped, and the scheduled-rotation resources when
    /// no secret asks for rotation any more. Anything else (tables, secrets, the API's function) is refused.
    func deletable(_ resource: ResourcePlan) -> Bool {
        switch resource.kind {
        case .route, .secretRotation: return true
        case .role, .function: return resource.name == names.rotation
        case .rolePolicy: return resource.name == names.rotationRolePolicy
        case .logGroup: return resource.name == names.rotationLogGroup
        case .permission: return resource.name == names.rotationPermission
        default: return false
        }
    }

    /// Groups resources so that each comes after everything it depends on.
    static func waves(_ resources: [ResourcePlan]) -> [[ResourcePlan]] {
        var level: [String: Int] = [:]
        let byAddress = Dictionary(resources.map { ($0.address, $0) }, uniquingKeysWith: { first, _ in first })
        func depth(_ address: String, _ seen: Set<String>) -> Int {
            if let known = level[address] { return known }
            guard let resource = byAddress[address], !seen.contains(address) else { return 0 }
            let dependencies = resource.desired?.dependsOn ?? []
            let value = dependencies.map { depth($0, seen.union([address])) + 1 }.max() ?? 0
            level[address] = value
            return value
        }
        for resource in resources { _ = depth(resource.address, []) }
        let grouped = Dictionary(grouping: resources) { level[$0.address] ?? 0 }
        return grouped.keys.sorted().map { grouped[$0]! }
    }

    func applyOne(_ resource: ResourcePlan, state: OutputsBox) async throws {
        report("\(resource.action.rawValue) \(resource.address)")
        if resource.action == .delete && !deletable(resource) {
            throw unsupported(resource, "deleting a \(resource.kind.rawValue) during deploy")
        }
        do {
            if resource.action == .delete && resource.kind != .route {
                try await delete(resource)
                return
            }
            switch resource.kind {
            case .artifactBucket: try await applyBucket(resource)
            case .artifact: try await uploadArtifact(resource)
            case .role: try await applyRole(resource, state: state)
            case .rolePolicy:
                guard case .string(let document) = resource.desired?.attributes["document"] else { return }
                var roleName = names.base
                if case .string(let role) = resource.desired?.attributes["role"] { roleName = role }
                try await IAM(client: client).putRolePolicy(
                    roleName: roleName, policyName: resource.name, document: document)
            case .logGroup: try await applyLogGroup(resource)
            case .table: try await applyTable(resource)
            case .secret: try await applySecret(resource, state: state)
            case .layer: try await applyLayer(state: state)
            case .function: try await applyFunction(resource, state: state)
            case .api: try await applyAPI(resource, state: state)
            case .integration: try await applyIntegration(resource, state: state)
            case .route: try await applyRoute(resource, state: state)
            case .stage:
                guard let apiId = try state.read({ $0.apiId }) else { throw missing(resource, "the API") }
                _ = try await APIGatewayV2(client: client).createStage(apiId: apiId, name: resource.name)
            case .permission: try await applyPermission(resource, state: state)
            case .secretRotation: try await applySecretRotation(resource, state: state)
            }
        } catch let error as ApplyError {
            throw error
        } catch {
            throw ApplyError(
                address: resource.address, message: "\(resource.action.rawValue) failed", underlying: error
            )
        }
    }

    func unsupported(_ resource: ResourcePlan, _ what: String) -> ApplyError {
        ApplyError(
            address: resource.address, message: "\(what) is not supported yet; change it by hand or destroy and deploy")
    }

    func missing(_ resource: ResourcePlan, _ what: String) -> ApplyError {
        ApplyError(address: resource.address, message: "needs \(what), which does not exist")
    }

    func changed(_ resource: ResourcePlan, _ attribute: String) -> Bool {
        resource.action == .create || resource.changes.contains { $0.attribute == attribute }
    }

    /// Keys tagged on the live resource that the config no longer names, to untag before tagging.
    func staleTagKeys(_ resource: ResourcePlan) -> [String] {
        guard case .map(let before) = resource.observed?.attributes["tags"] else { return [] }
        return before.keys.filter { tags[$0] == nil }.sorted()
    }

    var tags: [String: String] {
        inputs.tags.merging(["hoist:project": inputs.project, "hoist:stage": inputs.stage]) { _, new in new }
    }

    // MARK: - Per kind

    func applyBucket(_ resource: ResourcePlan) async throws {
        let s3 = S3(client: client)
        if resource.action == .create { try await s3.createBucket(resource.name) }
        try await s3.putBucketEncryption(resource.name)
        try await s3.putPublicAccessBlock(resource.name)
    }

    func uploadArtifact(_ resource: ResourcePlan) async throws {
        let artifact = [inputs.code] + (inputs.layer.map { [$0] } ?? [])
        guard let match = artifact.first(where: { names.artifactKey(sha256Hex: $0.sha256Hex) == resource.name }),
            let path = match.path
        else { throw missing(resource, "the artifact's zip on disk") }
        var uploader = ArtifactUploader(client: client, partSize: inputs.partSizeBytes, report: report)
        uploader.progress = progress
        try await uploader.upload(
            path: path, bucket: ResourceNames.bucket(account: inputs.account, region: inputs.region),
            key: resource.name,
            sha256Hex: match.sha256Hex)
    }

    func applyRole(_ resource: ResourcePlan, state: OutputsBox) async throws {
        let iam = IAM(client: client)
        guard case .string(let trust) = resource.desired?.attributes["trust_policy"] else { return }
        if resource.action == .create {
            do {
                let role = try await iam.createRole(name: resource.name, assumeRolePolicyDocument: trust, tags: tags)
                recordRole(resource.name, arn: role.arn, state: state)
            } catch let error as AWSError where error.code == "EntityAlreadyExists" {
                // A previous run created it between its plan and this one's: converge.
                let role = try await iam.getRole(name: resource.name)
                recordRole(resource.name, arn: role.arn, state: state)
            }
            return
        }
        if changed(resource, "trust_policy") {
            try await iam.updateAssumeRolePolicy(roleName: resource.name, document: trust)
        }
        if changed(resource, "tags") {
            let stale = staleTagKeys(resource)
            if !stale.isEmpty { try await iam.untagRole(name: resource.name, keys: stale) }
            try await iam.tagRole(name: resource.name, tags: tags)
        }
    }

    func recordRole(_ name: String, arn: String?, state: OutputsBox) {
        state.update {
            if name == names.rotation { $0.rotationRoleArn = arn } else { $0.roleArn = arn }
        }
    }

    func applyLogGroup(_ resource: ResourcePlan) async throws {
        let logs = CloudWatchLogs(client: client)
        if resource.action == .create {
            do {
                try await logs.createLogGroup(name: resource.name, tags: tags)
            } catch let error as AWSError where error.code == "ResourceAlreadyExistsException" {}
        }
        if case .int(let days) = resource.desired?.attributes["retention_days"], changed(resource, "retention_days") {
            try await logs.putRetentionPolicy(name: resource.name, days: days)
        }
        if resource.action != .create, changed(resource, "tags") {
            let stale = staleTagKeys(resource)
            if !stale.isEmpty { try await logs.untag(name: resource.name, keys: stale) }
            try await logs.tag(name: resource.name, tags: tags)
        }
    }

    func applyTable(_ resource: ResourcePlan) async throws {
        guard let desired = resource.desired,
            let table = inputs.tables.first(where: { names.table($0.name) == resource.name })
        else { return }
        let dynamo = DynamoDB(client: client)
        switch resource.action {
        case .create:
            do {
                _ = try await dynamo.createTable(
                    name: resource.name,
                    partitionKey: DynamoDBAttributeDefinition(
                        attributeName: table.partitionKey.name, attributeType: table.partitionKey.type),
                    sortKey: table.sortKey.map {
                        DynamoDBAttributeDefinition(attributeName: $0.name, attributeType: $0.type)
                    }, billingMode: table.billingMode, tags: tags)
            } catch let error as AWSError where error.code == "ResourceInUseException" {}
            _ = try await dynamo.waitUntilActive(name: resource.name, interval: pollInterval)
            if table.pointInTimeRecovery {
                try await dynamo.updateContinuousBackups(name: resource.name, pointInTimeRecovery: true)
            }
        case .update:
            if changed(resource, "billing_mode") { throw unsupported(resource, "changing a table's billing mode") }
            if changed(resource, "tags") {
                let arn = "arn:\(inputs.partition):dynamodb:\(inputs.region):\(inputs.account):table/\(resource.name)"
                let stale = staleTagKeys(resource)
                if !stale.isEmpty { try await dynamo.untagResource(arn: arn, keys: stale) }
                try await dynamo.tagResource(arn: arn, tags: tags)
            }
            if case .bool(let on) = desired.attributes["point_in_time_recovery"],
                changed(resource, "point_in_time_recovery")
            {
                try await dynamo.updateContinuousBackups(name: resource.name, pointInTimeRecovery: on)
            }
        case .replace:
            throw ApplyError(
                address: resource.address,
                message: "changing a table's key needs a new table, and hoist never deletes data on its own: "
                    + "export the data, delete the table by hand (or `hoist destroy --delete-data`), then deploy")
        case .delete, .noOp:
            return
        }
    }

    func applySecret(_ resource: ResourcePlan, state: OutputsBox) async throws {
        let secrets = SecretsManager(client: client)
        if resource.action == .create {
            let length = inputs.secrets.first { names.secret($0.name) == resource.name }?.length ?? 64
            let created = try await secrets.createSecret(
                name: resource.name, value: SecretGenerator.randomValue(bytes: length), tags: tags,
                clientRequestToken: UUID().uuidString)
            state.update { $0.secretArns[resource.name] = created.arn }
        } else if changed(resource, "tags") {
            let stale = staleTagKeys(resource)
            if !stale.isEmpty { try await secrets.untagResource(id: resource.name, keys: stale) }
            try await secrets.tagResource(id: resource.name, tags: tags)
        }
    }

    func applyLayer(state: OutputsBox) async throws {
        guard let layer = inputs.layer else { return }
        let content: LambdaCode
        if layer.viaS3 {
            content = .s3(
                bucket: ResourceNames.bucket(account: inputs.account, region: inputs.region),
                key: names.artifactKey(sha256Hex: layer.sha256Hex))
        } else {
            guard let path = layer.path else {
                throw ApplyError(address: "layer.\(names.layer)", message: "no zip path")
            }
            content = .zip(Array(try Data(contentsOf: URL(fileURLWithPath: path))))
        }
        let published = try await Lambda(client: client).publishLayerVersion(
            layerName: names.layer, content: content, description: "hoist \(inputs.project) \(inputs.stage)",
            compatibleRuntimes: [inputs.runtime], compatibleArchitectures: [inputs.architecture])
        state.update { $0.layerVersionArn = published.layerVersionArn }
    }

    func codeLocation() throws -> LambdaCode {
        if inputs.code.viaS3 {
            return .s3(
                bucket: ResourceNames.bucket(account: inputs.account, region: inputs.region),
                key: names.artifactKey(sha256Hex: inputs.code.sha256Hex))
        }
        guard let path = inputs.code.path else {
            throw ApplyError(address: "function.\(names.base)", message: "no code zip path")
        }
        return .zip(Array(try Data(contentsOf: URL(fileURLWithPath: path))))
    }

    func applyFunction(_ resource: ResourcePlan, state: OutputsBox) async throws {
        guard let desired = resource.desired else { return }
        let lambda = Lambda(client: client)
        let rotation = resource.name == names.rotation
        func string(_ key: String, _ fallback: String) -> String {
            if case .string(let text) = desired.attributes[key] { return text }
            return fallback
        }
        func int(_ key: String, _ fallback: Int) -> Int {
            if case .int(let number) = desired.attributes[key] { return number }
            return fallback
        }
        let runtime = string("runtime", inputs.runtime)
        let handler = string("handler", inputs.handler)
        let memory = int("memory", inputs.memory)
        let timeout = int("timeout", inputs.timeout)
        var reservedConcurrency: Int?
        if case .int(let reserved) = desired.attributes["reserved_concurrency"] { reservedConcurrency = reserved }
        var variables: [String: String] = [:]
        if case .map(let values) = desired.attributes["environment"] {
            for (key, value) in values { if case .string(let text) = value { variables[key] = text } }
        }
        // A secret created in this run: its full ARN (with the random suffix) replaces the partial one.
        for secret in inputs.secrets {
            let name = names.secret(secret.name)
            let partial = "arn:\(inputs.partition):secretsmanager:\(inputs.region):\(inputs.account):secret:\(name)"
            guard let arn = try state.read({ $0.secretArns[name] }) else { continue }
            for (key, value) in variables where value == partial { variables[key] = arn }
        }
        let environment = variables
        let layerArns = try state.read { $0.layerVersionArn }.map { [$0] } ?? []
        let roleArn =
            try state.read { rotation ? $0.rotationRoleArn : $0.roleArn }
            ?? string("role", "arn:\(inputs.partition):iam::\(inputs.account):role/\(names.base)")
        func record(arn: String?, revision: String?) {
            state.update {
                if rotation {
                    $0.rotationFunctionArn = arn ?? $0.rotationFunctionArn
                    $0.rotationFunctionRevisionId = revision
                } else {
                    $0.functionArn = arn ?? $0.functionArn
                    $0.functionRevisionId = revision
                }
            }
        }
        if resource.action == .replace { try await lambda.deleteFunction(name: resource.name) }
        if resource.action == .create || resource.action == .replace {
            let input = CreateFunctionInput(
                functionName: resource.name, runtime: runtime, role: roleArn, handler: handler,
                code: try codeLocation(), timeout: timeout, memorySize: memory,
                environment: LambdaEnvironment(variables: environment), layers: layerArns.isEmpty ? nil : layerArns,
                architectures: [inputs.architecture], tags: tags)
            let created = try await retryingEventualConsistency(resource) { try await lambda.createFunction(input) }
            let active = try await lambda.waitUntilActive(name: resource.name, interval: pollInterval)
            if let reservedConcurrency {
                try await lambda.putFunctionConcurrency(
                    name: resource.name, reservedConcurrentExecutions: reservedConcurrency)
            }
            record(arn: created.functionArn ?? active.functionArn, revision: active.revisionId)
            return
        }
        // Optimistic concurrency: each update names the revision the plan saw (then the one it produced), so a
        // function changed by someone else since the plan is refused rather than overwritten.
        var revision = try state.read { rotation ? $0.rotationFunctionRevisionId : $0.functionRevisionId }
        if changed(resource, "code_sha256") {
            let code = try codeLocation()
            let expected = revision
            _ = try await guardingRevision(resource) {
                try await retryingEventualConsistency(resource) {
                    try await lambda.updateFunctionCode(name: resource.name, code: code, revisionId: expected)
                }
            }
            revision = try await lambda.waitUntilUpdated(name: resource.name, interval: pollInterval).revisionId
            record(arn: nil, revision: revision)
        }
        var update = UpdateFunctionConfigurationInput()
        var any = false
        if changed(resource, "memory") { update.memorySize = memory; any = true }
        if changed(resource, "timeout") { update.timeout = timeout; any = true }
        if changed(resource, "handler") { update.handler = handler; any = true }
        if changed(resource, "runtime") { update.runtime = runtime; any = true }
        if changed(resource, "role") { update.role = roleArn; any = true }
        if changed(resource, "environment") {
            update.environment = LambdaEnvironment(variables: environment); any = true
        }
        if changed(resource, "layers") { update.layers = layerArns; any = true }
        if any {
            update.revisionId = revision
            let request = update
            let configuration = try await guardingRevision(resource) {
                try await retryingEventualConsistency(resource) {
                    try await lambda.updateFunctionConfiguration(name: resource.name, request)
                }
            }
            let settled = try await lambda.waitUntilUpdated(name: resource.name, interval: pollInterval)
            record(arn: configuration.functionArn, revision: settled.revisionId)
        }
        if changed(resource, "reserved_concurrency") {
            if let reservedConcurrency {
                try await lambda.putFunctionConcurrency(
                    name: resource.name, reservedConcurrentExecutions: reservedConcurrency)
            } else {
                try await lambda.deleteFunctionConcurrency(name: resource.name)
            }
        }
        if changed(resource, "tags"),
            let arn = try state.read({ rotation ? $0.rotationFunctionArn : $0.functionArn })
        {
            let stale = staleTagKeys(resource)
            if !stale.isEmpty { try await lambda.untagResource(arn: arn, keys: stale) }
            try await lambda.tagResource(arn: arn, tags: tags)
        }
    }

    /// Turns Lambda's 412 (a RevisionId that moved) into an error that says what happened and what to do.
    func guardingRevision<T: Sendable>(_ resource: ResourcePlan, _ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as AWSError where error.code == "PreconditionFailedException" || error.status == 412 {
            throw ApplyError(
                address: resource.address,
                message: "the function changed since this plan was made (its RevisionId moved); "
                    + "nothing was overwritten: run `hoist plan` again", underlying: error)
        }
    }

    /// Retries what settles by itself: a role Lambda cannot assume yet, and a function still updating.
    func retryingEventualConsistency<T: Sendable>(_ resource: ResourcePlan, _ body: () async throws -> T) async throws
        -> T
    {
        var attempt = 0
        while true {
            attempt += 1
            do {
                return try await body()
            } catch let error as AWSError
                where attempt < eventualConsistencyAttempts
                && (error.code == "ResourceConflictException"
                    || (error.code == "InvalidParameterValueException" && error.message.contains("cannot be assumed")))
            {
                report("  \(resource.address): \(error.code), retrying (attempt \(attempt + 1))")
                try await client.sleep(min(8, pollInterval * pow(2, Double(attempt - 1))))
            }
        }
    }

    func applyAPI(_ resource: ResourcePlan, state: OutputsBox) async throws {
        var cors: APIGatewayCors?
        if case .map(let settings) = resource.desired?.attributes["cors"] {
            func strings(_ key: String) -> [String]? {
                guard case .list(let items) = settings[key] else { return nil }
                return items.compactMap { if case .string(let text) = $0 { return text } else { return nil } }
            }
            var maxAge: Int?
            if case .int(let value) = settings["max_age"] { maxAge = value }
            cors = APIGatewayCors(
                allowOrigins: strings("allow_origins"), allowMethods: strings("allow_methods"),
                allowHeaders: strings("allow_headers"), maxAge: maxAge)
        }
        let gateway = APIGatewayV2(client: client)
        guard resource.action == .create else {
            guard resource.action == .update, let apiId = try state.read({ $0.apiId }) else {
                throw unsupported(resource, "\(resource.action.rawValue) of an API")
            }
            if changed(resource, "cors") {
                if let cors {
                    _ = try await gateway.updateApi(id: apiId, cors: cors)
                } else {
                    try await gateway.deleteCorsConfiguration(apiId: apiId)
                }
            }
            if changed(resource, "tags") {
                let arn = "arn:\(inputs.partition):apigateway:\(inputs.region)::/apis/\(apiId)"
                let stale = staleTagKeys(resource)
                if !stale.isEmpty { try await gateway.untagResource(arn: arn, keys: stale) }
                try await gateway.tagResource(arn: arn, tags: tags)
            }
            return
        }
        let api = try await gateway.createApi(name: resource.name, cors: cors, tags: tags)
        state.update {
            $0.apiId = api.apiId
            $0.apiEndpoint = api.apiEndpoint
        }
    }

    func applyRoute(_ resource: ResourcePlan, state: OutputsBox) async throws {
        let (apiId, integrationId, routeId) = try state.read {
            ($0.apiId, $0.integrationId, $0.routeIds[resource.name])
        }
        guard let apiId else { throw missing(resource, "the API") }
        let gateway = APIGatewayV2(client: client)
        switch resource.action {
        case .delete:
            guard let routeId else { return }
            try await gateway.deleteRoute(apiId: apiId, routeId: routeId)
        case .update, .replace:
            guard let integrationId, let routeId else { throw missing(resource, "the integration") }
            _ = try await gateway.updateRoute(apiId: apiId, routeId: routeId, integrationId: integrationId)
        default:
            guard let integrationId else { throw missing(resource, "the API's integration") }
            let route = try await gateway.createRoute(
                apiId: apiId, routeKey: resource.name, integrationId: integrationId)
            state.update { $0.routeIds[resource.name] = route.routeId }
        }
    }

    func applyIntegration(_ resource: ResourcePlan, state: OutputsBox) async throws {
        guard let apiId = try state.read({ $0.apiId }) else { throw missing(resource, "the API") }
        let functionArn =
            try state.read { $0.functionArn }
            ?? "arn:\(inputs.partition):lambda:\(inputs.region):\(inputs.account):function:\(names.base)"
        let integration = APIGatewayIntegration(
            integrationType: "AWS_PROXY", integrationUri: functionArn, payloadFormatVersion: "2.0",
            integrationMethod: "POST")
        let gateway = APIGatewayV2(client: client)
        if resource.action == .create {
            let created = try await gateway.createIntegration(apiId: apiId, integration)
            state.update { $0.integrationId = created.integrationId }
        } else if let integrationId = try state.read({ $0.integrationId }) {
            _ = try await gateway.updateIntegration(apiId: apiId, integrationId: integrationId, integration)
        }
    }

    func applyPermission(_ resource: ResourcePlan, state: OutputsBox) async throws {
        let lambda = Lambda(client: client)
        if resource.name == names.rotationPermission {
            guard case .string(let source) = resource.desired?.attributes["source"], source.hasPrefix("secret.") else {
                throw missing(resource, "the secret it names")
            }
            let secretName = String(source.dropFirst("secret.".count))
            guard let secretArn = try state.read({ $0.secretArns[secretName] }) else {
                throw missing(resource, "the secret \(secretName)")
            }
            if resource.action != .create {
                try await lambda.removePermission(functionName: names.rotation, statementId: resource.name)
            }
            _ = try await lambda.addPermission(
                functionName: names.rotation, statementId: resource.name, action: "lambda:InvokeFunction",
                principal: "secretsmanager.amazonaws.com", sourceArn: secretArn)
            return
        }
        guard let apiId = try state.read({ $0.apiId }) else { throw missing(resource, "the API") }
        if resource.action != .create {
            try await lambda.removePermission(functionName: names.base, statementId: resource.name)
        }
        _ = try await lambda.addPermission(
            functionName: names.base, statementId: resource.name, action: "lambda:InvokeFunction",
            principal: "apigateway.amazonaws.com",
            sourceArn: "arn:\(inputs.partition):execute-api:\(inputs.region):\(inputs.account):\(apiId)/*/*")
    }

    /// Turns on (or changes) a secret's scheduled rotation. `RotateImmediately=false`: the first rotation comes
    /// on schedule; Secrets Manager runs the function's testSecret step now to check the configuration.
    func applySecretRotation(_ resource: ResourcePlan, state: OutputsBox) async throws {
        guard case .int(let days) = resource.desired?.attributes["after_days"] else { return }
        let functionArn =
            try state.read { $0.rotationFunctionArn }
            ?? "arn:\(inputs.partition):lambda:\(inputs.region):\(inputs.account):function:\(names.rotation)"
        _ = try await SecretsManager(client: client).rotateSecret(
            id: resource.name, rotationLambdaARN: functionArn,
            rules: SecretRotationRules(automaticallyAfterDays: days), rotateImmediately: false)
    }

    /// Deletes what a deploy may delete (see ``deletable(_:)``); one already gone counts as deleted.
    func delete(_ resource: ResourcePlan) async throws {
        let lambda = Lambda(client: client)
        let iam = IAM(client: client)
        _ = try await AWSError.nilIfNotFound {
            switch resource.kind {
            case .secretRotation: try await SecretsManager(client: client).cancelRotateSecret(id: resource.name)
            case .permission:
                try await lambda.removePermission(functionName: names.rotation, statementId: resource.name)
            case .function: try await lambda.deleteFunction(name: resource.name)
            case .rolePolicy:
                try await iam.deleteRolePolicy(roleName: names.rotation, policyName: resource.name)
            case .role: try await iam.deleteRole(name: resource.name)
            case .logGroup: try await CloudWatchLogs(client: client).deleteLogGroup(name: resource.name)
            default: throw unsupported(resource, "deleting a \(resource.kind.rawValue) during deploy")
            }
        }
    }
}

/// The outputs shared by the concurrent steps of an apply.
final class OutputsBox: @unchecked Sendable {
    private let lock = NSLock()
    private var outputs: DeploymentOutputs

    init(_ outputs: DeploymentOutputs) { self.outputs = outputs }

    var value: DeploymentOutputs { lock.withLock { outputs } }

    func read<T>(_ body: (DeploymentOutputs) throws -> T) throws -> T { try lock.withLock { try body(outputs) } }

    func update(_ body: (inout DeploymentOutputs) -> Void) { lock.withLock { body(&outputs) } }
}

/// Random secret values from the operating system's CSPRNG.
public enum SecretGenerator {
    /// `bytes` random bytes, base64url without padding.
    public static func randomValue(bytes: Int) -> SecretValue {
        var generator = SystemRandomNumberGenerator()
        let raw = (0..<max(32, bytes)).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        let text = Data(raw).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
        return SecretValue(text)
    }
}
