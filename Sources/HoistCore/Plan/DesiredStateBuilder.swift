/// Builds the desired resources of one deployment from its inputs: a typed spec per resource, rendered by its
/// driver. Pure.
public enum DesiredStateBuilder {
    /// The resources, with the attributes plans compare.
    ///
    /// A secret's ARN ends in a random suffix that exists only once the secret does: pass the ARNs observed
    /// (`knownSecretArns`, by secret name) so the function's environment compares exactly; otherwise the
    /// environment holds the ARN without its suffix and the applier fills in the created one.
    public static func build(_ inputs: DeploymentInputs, knownSecretArns: [String: String] = [:]) -> [ResourceState] {
        let scope = DeploymentScope(
            project: inputs.project, stage: inputs.stage, account: inputs.account, region: inputs.region,
            partition: inputs.partition)
        for (name, arn) in knownSecretArns {
            scope.identities[ResourceAddress(.secret, name)] = ResourceIdentity(arn: ARN(arn))
        }
        return build(inputs, scope: scope)
    }

    /// The resources rendered against what `scope` knows (identities read from the account).
    public static func build(_ inputs: DeploymentInputs, scope: DeploymentScope) -> [ResourceState] {
        // Encoding a spec of plain fields cannot fail.
        specs(inputs).map { render($0, scope) } + DriverRegistry.drivers.flatMap { try! $0.desired(inputs, scope) }
    }

    /// One spec of any kind with its driver, rendered once the identities read are known.
    public struct AnySpec: Sendable {
        let render: @Sendable (DeploymentScope) -> ResourceState

        /// Pairs a spec with its driver.
        public init<Driver: ResourceDriver>(_ driver: Driver, _ spec: Driver.Spec) {
            // Encoding a spec of plain fields cannot fail.
            render = { scope in try! AnyResourceDriver.state(driver, spec, scope) }
        }
    }

    static func render(_ spec: AnySpec, _ scope: DeploymentScope) -> ResourceState { spec.render(scope) }

    /// Every spec of the deployment: artifacts, tables, secrets, layer, each function with its role, policy, log
    /// group, version, alias and triggers, the API with an integration per function it routes to, and the
    /// rotation function when asked for.
    static func specs(_ inputs: DeploymentInputs) -> [AnySpec] {
        let names = ResourceNames(project: inputs.project, stage: inputs.stage)
        let tags = inputs.tags.merging([Ownership.projectTag: inputs.project, Ownership.stageTag: inputs.stage]) {
            _, new in new
        }
        let bucket = inputs.artifactBucket
        var specs: [AnySpec] = []
        let artifacts = inputs.artifacts
        if artifacts.contains(where: \.viaS3) { specs.append(AnySpec(ArtifactBucketDriver(), .init(bucket: bucket))) }
        for artifact in artifacts where artifact.viaS3 {
            specs.append(
                AnySpec(
                    ArtifactDriver(),
                    .init(
                        bucket: bucket, key: names.artifactKey(sha256Hex: artifact.sha256Hex),
                        path: artifact.path ?? "",
                        sha256Hex: artifact.sha256Hex, sha256Base64: artifact.sha256Base64, bytes: artifact.bytes,
                        partSize: inputs.partSizeBytes)))
        }
        let layers =
            inputs.layer.map { [FunctionDriver.LayerReference(name: names.layer, sha256Base64: $0.sha256Base64)] } ?? []

        for table in inputs.tables {
            specs.append(
                AnySpec(
                    TableDriver(),
                    .init(
                        name: names.table(table.name),
                        partitionKey: .init(name: table.partitionKey.name, type: table.partitionKey.type),
                        sortKey: table.sortKey.map { .init(name: $0.name, type: $0.type) },
                        billingMode: table.billingMode, pointInTimeRecovery: table.pointInTimeRecovery, tags: tags)))
        }
        for secret in inputs.secrets {
            specs.append(
                AnySpec(SecretDriver(), .init(name: names.secret(secret.name), length: secret.length, tags: tags)))
        }
        if let layer = inputs.layer {
            specs.append(
                AnySpec(
                    LayerDriver(),
                    .init(
                        name: names.layer, runtime: inputs.runtime, architecture: inputs.architecture,
                        code: source(layer, inputs, names), description: "hoist \(inputs.project) \(inputs.stage)")))
        }

        let functions = inputs.deployedFunctions
        for function in functions {
            let spec = functionSpec(function, inputs, names: names, tags: tags, layers: layers)
            let policy = executionPolicy(function, inputs, names: names)
            specs += self.function(
                spec, project: inputs.project, policy: policy, retentionDays: inputs.logRetentionDays)
            specs += release(spec, inputs)
            specs += triggers(function, inputs, names: names, tags: tags)
        }

        if let rotated = inputs.secrets.first(where: { $0.rotateEveryDays != nil }), let days = rotated.rotateEveryDays
        {
            let owner = functions.first { $0.secrets.contains(rotated.name) } ?? functions[0]
            specs += rotation(
                inputs, names: names, tags: tags, secretName: names.secret(rotated.name), length: rotated.length,
                days: days, code: source(owner.code, inputs, names), handler: owner.handler,
                architecture: owner.architecture, layers: layers)
        }
        specs += api(functions.filter { !$0.routes.isEmpty }, inputs, names: names, tags: tags)
        return specs
    }

    /// Where a zip is: uploaded through the artifact bucket, or sent in the request.
    static func source(_ artifact: DeploymentInputs.Artifact, _ inputs: DeploymentInputs, _ names: ResourceNames)
        -> CodeSource
    {
        CodeSource(
            path: artifact.path, sha256Base64: artifact.sha256Base64, sha256Hex: artifact.sha256Hex,
            bytes: artifact.bytes, bucket: artifact.viaS3 ? inputs.artifactBucket : nil,
            key: artifact.viaS3 ? names.artifactKey(sha256Hex: artifact.sha256Hex) : nil)
    }

    /// One function's Lambda spec: its environment is the user's plus a variable per table and secret it uses,
    /// the admins, and the URL of each queue it sends to.
    static func functionSpec(
        _ function: DeploymentInputs.Function, _ inputs: DeploymentInputs, names: ResourceNames,
        tags: [String: String], layers: [FunctionDriver.LayerReference]
    ) -> FunctionDriver.Spec {
        // The user's values show in plans as digests unless hoist.yml marks them public; hoist's own are names.
        var environment: [String: FunctionDriver.EnvironmentValue] = [:]
        for (name, value) in function.environment {
            environment[name] = function.publicEnvironment.contains(name) ? .shown(value) : .text(value)
        }
        let tables = inputs.tables.filter { function.tables.contains($0.name) }
        let secrets = inputs.secrets.filter { function.secrets.contains($0.name) }
        for table in tables { environment[table.environmentName] = .shown(names.table(table.name)) }
        for secret in secrets { environment[secret.environmentName] = .secretArn(names.secret(secret.name)) }
        if !inputs.admins.isEmpty { environment["ADMIN_USERNAMES"] = .shown(inputs.admins.joined(separator: ",")) }
        for queue in function.sendsTo {
            environment[ProjectFunction.queueURLVariable(queue)] = .queueURL(names.queue(queue))
        }
        let name = names.function(function.name)
        return FunctionDriver.Spec(
            name: name, runtime: inputs.runtime, handler: function.handler, architecture: function.architecture,
            memory: function.memory, timeout: function.timeout, role: name, logGroup: names.logGroup(function.name),
            environment: environment, code: source(function.code, inputs, names), layers: layers,
            reservedConcurrency: function.reservedConcurrency, tags: tags,
            needs: tables.map { ResourceAddress(.table, names.table($0.name)) }
                + secrets.map { ResourceAddress(.secret, names.secret($0.name)) }
                + function.sendsTo.map { ResourceAddress(.queue, names.queue($0)) })
    }

    /// One function's execution policy: exactly the tables and secrets it uses, its log group, its queue and the
    /// queues it sends to, and its extra statements.
    static func executionPolicy(_ function: DeploymentInputs.Function, _ inputs: DeploymentInputs, names: ResourceNames)
        -> PolicyDocument
    {
        let tables = inputs.tables.filter { function.tables.contains($0.name) }
        let queueArn = { (name: String) in
            "arn:\(inputs.partition):sqs:\(inputs.region):\(inputs.account):\(name)"
        }
        var extra: [PolicyStatement] = []
        if function.queue != nil {
            extra.append(PolicyGenerator.queueWorkerStatement(queueArn: queueArn(names.queue(function.name))))
        }
        if !function.sendsTo.isEmpty {
            extra.append(
                PolicyGenerator.queueSenderStatement(queueArns: function.sendsTo.map { queueArn(names.queue($0)) }))
        }
        return PolicyGenerator.executionPolicy(
            partition: inputs.partition, region: inputs.region, account: inputs.account,
            tableNames: tables.map { names.table($0.name) },
            tableActionsByName: Dictionary(
                uniqueKeysWithValues: tables.compactMap { table in table.actions.map { (names.table(table.name), $0) } }
            ),
            secretNames: inputs.secrets.filter { function.secrets.contains($0.name) }.map { names.secret($0.name) },
            logGroupName: names.logGroup(function.name), tableActions: inputs.tableActions,
            extra: extra + function.extraPermissions)
    }

    /// The stage's HTTP API when some function has routes: an integration per such function on its alias, each
    /// route to its function's integration, the `$default` stage, and API Gateway's permission on each alias.
    static func api(
        _ functions: [DeploymentInputs.Function], _ inputs: DeploymentInputs, names: ResourceNames,
        tags: [String: String]
    ) -> [AnySpec] {
        guard !functions.isEmpty else { return [] }
        var specs = [AnySpec(APIDriver(), .init(name: names.base, cors: inputs.cors, tags: tags))]
        for function in functions {
            let name = names.function(function.name)
            specs.append(AnySpec(IntegrationDriver(), .init(function: name, api: names.base, qualifier: inputs.alias)))
            for route in function.routes {
                specs.append(AnySpec(RouteDriver(), .init(key: route, api: names.base, integration: name)))
            }
            specs.append(
                AnySpec(
                    PermissionDriver(),
                    .init(
                        statementId: "\(name)-apigateway-invoke-\(inputs.alias)", function: name,
                        principal: "apigateway.amazonaws.com", source: ResourceAddress(.api, names.base),
                        qualifier: inputs.alias, replaces: "\(name)-apigateway-invoke")))
        }
        specs.append(AnySpec(StageDriver(), .init(name: "$default", api: names.base)))
        return specs
    }

    /// The version that holds the function as desired, and the alias the triggers invoke, on it.
    static func release(_ function: FunctionDriver.Spec, _ inputs: DeploymentInputs) -> [AnySpec] {
        let version = FunctionVersionDriver.Spec(
            function: function.name, keep: inputs.keepVersions, holds: function, number: nil,
            commit: inputs.sourceCommit)
        return [
            AnySpec(FunctionVersionDriver(), version),
            AnySpec(
                AliasDriver(),
                .init(
                    function: function.name, name: inputs.alias,
                    version: FunctionVersionDriver().address(of: version),
                    description: "hoist \(inputs.project) \(inputs.stage)")),
        ]
    }

    /// A function with its own role, inline policy and log group.
    static func function(_ spec: FunctionDriver.Spec, project: String, policy: PolicyDocument, retentionDays: Int?)
        -> [AnySpec]
    {
        [
            AnySpec(
                RoleDriver(),
                .init(
                    name: spec.role, trustPolicy: PolicyDocument.lambdaTrust, tags: spec.tags,
                    permissionsBoundary: PermissionsBoundaryDriver.name(project: project))),
            AnySpec(RolePolicyDriver(), .init(name: "\(spec.role)-execution", role: spec.role, document: policy.json)),
            AnySpec(LogGroupDriver(), .init(name: spec.logGroup, retentionDays: retentionDays, tags: spec.tags)),
            AnySpec(FunctionDriver(), spec),
        ]
    }

    /// Memory of the rotation function in MB: it makes four small Secrets Manager calls per step.
    public static let rotationMemory = 256
    /// Timeout of the rotation function in seconds.
    public static let rotationTimeout = 30

    /// The scheduled rotation of one secret: a second function from the owner's code zip, architecture and layer
    /// started as the rotation handler (`HOIST_ROTATION_HANDLER=1`), its own role and log group, a policy with
    /// write access to that secret only, Secrets Manager's permission to invoke it, and the rotation schedule.
    static func rotation(
        _ inputs: DeploymentInputs, names: ResourceNames, tags: [String: String], secretName: String, length: Int,
        days: Int, code: CodeSource, handler: String, architecture: String, layers: [FunctionDriver.LayerReference]
    ) -> [AnySpec] {
        let policy = PolicyGenerator.rotationPolicy(
            partition: inputs.partition, region: inputs.region, account: inputs.account, secretName: secretName,
            logGroupName: names.rotationLogGroup)
        let environment: [String: FunctionDriver.EnvironmentValue] = [
            "HOIST_ROTATION_HANDLER": .shown("1"), "JWT_SECRET_ARN": .secretArn(secretName),
            "ROTATION_SECRET_LENGTH": .shown(String(length)),
        ]
        var specs = function(
            FunctionDriver.Spec(
                name: names.rotation, runtime: inputs.runtime, handler: handler,
                architecture: architecture, memory: rotationMemory, timeout: rotationTimeout,
                role: names.rotation, logGroup: names.rotationLogGroup, environment: environment, code: code,
                layers: layers, reservedConcurrency: nil, tags: tags, needs: [ResourceAddress(.secret, secretName)]),
            project: inputs.project, policy: policy, retentionDays: inputs.logRetentionDays)
        specs.append(
            AnySpec(
                PermissionDriver(),
                .init(
                    statementId: names.rotationPermission, function: names.rotation,
                    principal: "secretsmanager.amazonaws.com", source: ResourceAddress(.secret, secretName))))
        specs.append(
            AnySpec(SecretRotationDriver(), .init(secret: secretName, function: names.rotation, afterDays: days)))
        return specs
    }

    /// What functions and triggers removed from hoist.yml may have left, for the reader to look for so that the
    /// plan deletes it: of a removed function, the function with its role, policy and log group, its API
    /// integration and every trigger it could have had (its versions, aliases and permissions go with it); of a
    /// function still deployed, every trigger it could have had (those it has are desired, and left out by the
    /// caller).
    public static func functionProbes(_ inputs: DeploymentInputs, removed: [String]) -> [ResourceState] {
        let names = ResourceNames(project: inputs.project, stage: inputs.stage)
        let scope = DeploymentScope(
            project: inputs.project, stage: inputs.stage, account: inputs.account, region: inputs.region,
            partition: inputs.partition)
        func everything(_ name: String, code: DeploymentInputs.Artifact) -> DeploymentInputs.Function {
            DeploymentInputs.Function(
                name: name, code: code, url: URLTrigger(auth: .none),
                schedule: ScheduleTrigger(expression: "rate(1 day)"), queue: QueueTrigger())
        }
        var probes: [ResourceState] = []
        for name in removed {
            let function = everything(name, code: inputs.code)
            let spec = functionSpec(function, inputs, names: names, tags: [:], layers: [])
            var specs = self.function(
                spec, project: inputs.project, policy: PolicyDocument(statements: []), retentionDays: nil)
            specs += triggers(function, inputs, names: names, tags: [:], probing: true)
            specs.append(
                AnySpec(
                    IntegrationDriver(),
                    .init(function: names.function(name), api: names.base, qualifier: inputs.alias)))
            let gone: Set<ResourceKind> = [.functionVersion, .alias, .permission]
            probes += specs.map { render($0, scope) }.filter { !gone.contains($0.kind) }
        }
        for function in inputs.deployedFunctions {
            probes += triggers(
                everything(function.name, code: function.code), inputs, names: names, tags: [:], probing: true
            )
            .map { render($0, scope) }
        }
        return probes
    }

    /// The rotation resources that may exist without being desired (rotation removed from the config), for the
    /// reader to look for so that the plan deletes them: the rotation function with its role, policy, log group and
    /// permission, and every configured secret's rotation.
    public static func rotationProbes(_ inputs: DeploymentInputs) -> [ResourceState] {
        let names = ResourceNames(project: inputs.project, stage: inputs.stage)
        var probe = inputs
        let secret = inputs.secrets.first ?? DeploymentInputs.Secret(name: "-", environmentName: "-")
        probe.secrets = [
            DeploymentInputs.Secret(
                name: secret.name, environmentName: secret.environmentName, length: secret.length, rotateEveryDays: 1)
        ]
        let scope = DeploymentScope(
            project: inputs.project, stage: inputs.stage, account: inputs.account, region: inputs.region,
            partition: inputs.partition)
        let code = CodeSource(
            path: inputs.code.path, sha256Base64: inputs.code.sha256Base64, sha256Hex: inputs.code.sha256Hex,
            bytes: inputs.code.bytes)
        let functionParts = rotation(
            probe, names: names, tags: [:], secretName: names.secret(secret.name), length: secret.length, days: 1,
            code: code, handler: inputs.handler, architecture: inputs.architecture, layers: []
        ).map { render($0, scope) }.filter { $0.kind != .secretRotation }
        let schedules = inputs.secrets.map {
            render(
                AnySpec(
                    SecretRotationDriver(), .init(secret: names.secret($0.name), function: names.rotation, afterDays: 0)
                ), scope)
        }
        return functionParts + schedules
    }
}
