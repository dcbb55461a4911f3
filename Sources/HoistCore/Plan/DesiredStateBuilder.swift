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

    /// Every spec of the deployment: artifacts, the API function with its role, policy and log group, tables,
    /// secrets, layer, API, integration, routes, stage, permission, and the rotation function when asked for.
    static func specs(_ inputs: DeploymentInputs) -> [AnySpec] {
        let names = ResourceNames(project: inputs.project, stage: inputs.stage)
        let tags = inputs.tags.merging([Ownership.projectTag: inputs.project, Ownership.stageTag: inputs.stage]) {
            _, new in new
        }
        let bucket = inputs.artifactBucket
        var specs: [AnySpec] = []
        let artifacts = [inputs.code] + (inputs.layer.map { [$0] } ?? [])
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
        func source(_ artifact: DeploymentInputs.Artifact) -> CodeSource {
            CodeSource(
                path: artifact.path, sha256Base64: artifact.sha256Base64, sha256Hex: artifact.sha256Hex,
                bytes: artifact.bytes, bucket: artifact.viaS3 ? bucket : nil,
                key: artifact.viaS3 ? names.artifactKey(sha256Hex: artifact.sha256Hex) : nil)
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
                        code: source(layer), description: "hoist \(inputs.project) \(inputs.stage)")))
        }

        // The user's values show in plans as digests unless hoist.yml marks them public; hoist's own are names.
        var environment: [String: FunctionDriver.EnvironmentValue] = [:]
        for (name, value) in inputs.environment {
            environment[name] = inputs.publicEnvironment.contains(name) ? .shown(value) : .text(value)
        }
        for table in inputs.tables { environment[table.environmentName] = .shown(names.table(table.name)) }
        for secret in inputs.secrets { environment[secret.environmentName] = .secretArn(names.secret(secret.name)) }
        if !inputs.admins.isEmpty { environment["ADMIN_USERNAMES"] = .shown(inputs.admins.joined(separator: ",")) }
        let policy = PolicyGenerator.executionPolicy(
            partition: inputs.partition, region: inputs.region, account: inputs.account,
            tableNames: inputs.tables.map { names.table($0.name) },
            tableActionsByName: Dictionary(
                uniqueKeysWithValues: inputs.tables.compactMap { table in
                    table.actions.map { (names.table(table.name), $0) }
                }),
            secretNames: inputs.secrets.map { names.secret($0.name) },
            logGroupName: names.logGroup, tableActions: inputs.tableActions, extra: inputs.extraPermissions)
        let main = FunctionDriver.Spec(
            name: names.base, runtime: inputs.runtime, handler: inputs.handler, architecture: inputs.architecture,
            memory: inputs.memory, timeout: inputs.timeout, role: names.base, logGroup: names.logGroup,
            environment: environment, code: source(inputs.code), layers: layers,
            reservedConcurrency: inputs.reservedConcurrency, tags: tags,
            needs: inputs.tables.map { ResourceAddress(.table, names.table($0.name)) }
                + inputs.secrets.map { ResourceAddress(.secret, names.secret($0.name)) })
        specs += function(main, project: inputs.project, policy: policy, retentionDays: inputs.logRetentionDays)
        specs += release(main, inputs)

        if let rotated = inputs.secrets.first(where: { $0.rotateEveryDays != nil }), let days = rotated.rotateEveryDays
        {
            specs += rotation(
                inputs, names: names, tags: tags, secretName: names.secret(rotated.name), length: rotated.length,
                days: days, code: source(inputs.code), layers: layers)
        }

        specs.append(AnySpec(APIDriver(), .init(name: names.base, cors: inputs.cors, tags: tags)))
        specs.append(
            AnySpec(IntegrationDriver(), .init(function: names.base, api: names.base, qualifier: inputs.alias)))
        for route in inputs.routes {
            specs.append(AnySpec(RouteDriver(), .init(key: route, api: names.base, integration: names.base)))
        }
        specs.append(AnySpec(StageDriver(), .init(name: "$default", api: names.base)))
        specs.append(
            AnySpec(
                PermissionDriver(),
                .init(
                    statementId: names.invokePermission(alias: inputs.alias), function: names.base,
                    principal: "apigateway.amazonaws.com", source: ResourceAddress(.api, names.base),
                    qualifier: inputs.alias, replaces: names.invokePermission)))
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

    /// The scheduled rotation of one secret: a second function from the same code zip and layer started as the
    /// rotation handler (`HOIST_ROTATION_HANDLER=1`), its own role and log group, a policy with write access to
    /// that secret only, Secrets Manager's permission to invoke it, and the rotation schedule.
    static func rotation(
        _ inputs: DeploymentInputs, names: ResourceNames, tags: [String: String], secretName: String, length: Int,
        days: Int, code: CodeSource, layers: [FunctionDriver.LayerReference]
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
                name: names.rotation, runtime: inputs.runtime, handler: inputs.handler,
                architecture: inputs.architecture, memory: rotationMemory, timeout: rotationTimeout,
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
            code: code, layers: []
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
