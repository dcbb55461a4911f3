/// Builds the desired resources of one deployment from its inputs. Pure.
public enum DesiredStateBuilder {
    /// The resources, with the attributes plans compare.
    ///
    /// A secret's ARN ends in a random suffix that exists only once the secret does: pass the ARNs observed
    /// (`knownSecretArns`, by secret name) so the function's environment compares exactly; otherwise the
    /// environment holds the ARN without its suffix and the applier fills in the created one.
    public static func build(_ inputs: DeploymentInputs, knownSecretArns: [String: String] = [:]) -> [ResourceState] {
        let names = ResourceNames(project: inputs.project, stage: inputs.stage)
        let tags = inputs.tags.merging(["hoist:project": inputs.project, "hoist:stage": inputs.stage]) { _, new in new }
        let arnPrefix = "arn:\(inputs.partition)"
        var resources: [ResourceState] = []

        let artifacts = [inputs.code] + (inputs.layer.map { [$0] } ?? [])
        let bucket = ResourceNames.bucket(account: inputs.account, region: inputs.region)
        if artifacts.contains(where: \.viaS3) {
            resources.append(
                ResourceState(
                    kind: .artifactBucket, name: bucket,
                    attributes: ["encryption": .string("AES256"), "public_access_blocked": .bool(true)]))
            for artifact in artifacts where artifact.viaS3 {
                resources.append(
                    ResourceState(
                        kind: .artifact, name: names.artifactKey(sha256Hex: artifact.sha256Hex),
                        attributes: ["sha256": .string(artifact.sha256Base64), "bytes": .int(artifact.bytes)],
                        dependsOn: ["\(ResourceKind.artifactBucket.rawValue).\(bucket)"]))
            }
        }

        resources.append(
            ResourceState(
                kind: .role, name: names.base,
                attributes: [
                    "trust_policy": .string(PolicyDocument.lambdaTrust), "tags": .stringMap(tags),
                ]))
        let policy = PolicyGenerator.executionPolicy(
            partition: inputs.partition, region: inputs.region, account: inputs.account,
            tableNames: inputs.tables.map { names.table($0.name) },
            secretNames: inputs.secrets.map { names.secret($0.name) },
            logGroupName: names.logGroup, tableActions: inputs.tableActions, extra: inputs.extraPermissions)
        resources.append(
            ResourceState(
                kind: .rolePolicy, name: names.rolePolicy,
                attributes: ["role": .string(names.base), "document": .string(policy.json)],
                dependsOn: ["role.\(names.base)"]))

        // Log groups' and tables' tags are set at creation; the read calls hoist uses do not return them.
        var logAttributes: [String: PlanValue] = ["tags": .stringMap(tags)]
        if let days = inputs.logRetentionDays { logAttributes["retention_days"] = .int(days) }
        resources.append(ResourceState(kind: .logGroup, name: names.logGroup, attributes: logAttributes))

        for table in inputs.tables {
            var attributes: [String: PlanValue] = [
                "partition_key": .string("\(table.partitionKey.name):\(table.partitionKey.type)"),
                "billing_mode": .string(table.billingMode), "point_in_time_recovery": .bool(table.pointInTimeRecovery),
                "tags": .stringMap(tags),
            ]
            if let sortKey = table.sortKey { attributes["sort_key"] = .string("\(sortKey.name):\(sortKey.type)") }
            resources.append(
                ResourceState(
                    kind: .table, name: names.table(table.name), attributes: attributes,
                    replaceOnChange: ["partition_key", "sort_key"]))
        }
        for secret in inputs.secrets {
            resources.append(
                ResourceState(
                    kind: .secret, name: names.secret(secret.name),
                    attributes: ["tags": .stringMap(tags)]))
        }

        var functionDependencies = [
            "role.\(names.base)", "role_policy.\(names.rolePolicy)", "log_group.\(names.logGroup)",
        ]
        if let layer = inputs.layer {
            resources.append(
                ResourceState(
                    kind: .layer, name: names.layer,
                    attributes: ["code_sha256": .string(layer.sha256Base64), "runtime": .string(inputs.runtime)],
                    dependsOn: layer.viaS3 ? ["artifact.\(names.artifactKey(sha256Hex: layer.sha256Hex))"] : []))
            functionDependencies.append("layer.\(names.layer)")
        }
        if inputs.code.viaS3 {
            functionDependencies.append("artifact.\(names.artifactKey(sha256Hex: inputs.code.sha256Hex))")
        }
        functionDependencies += inputs.tables.map { "table.\(names.table($0.name))" }
        functionDependencies += inputs.secrets.map { "secret.\(names.secret($0.name))" }

        var environment = inputs.environment
        for table in inputs.tables { environment[table.environmentName] = names.table(table.name) }
        for secret in inputs.secrets {
            environment[secret.environmentName] =
                knownSecretArns[names.secret(secret.name)]
                ?? "\(arnPrefix):secretsmanager:\(inputs.region):\(inputs.account):secret:\(names.secret(secret.name))"
        }
        if !inputs.admins.isEmpty { environment["ADMIN_USERNAMES"] = inputs.admins.joined(separator: ",") }
        var functionAttributes: [String: PlanValue] = [
            "runtime": .string(inputs.runtime), "handler": .string(inputs.handler),
            "architecture": .string(inputs.architecture), "memory": .int(inputs.memory),
            "timeout": .int(inputs.timeout),
            "role": .string("\(arnPrefix):iam::\(inputs.account):role/\(names.base)"),
            "environment": .stringMap(environment), "code_sha256": .string(inputs.code.sha256Base64),
            "tags": .stringMap(tags),
        ]
        functionAttributes["reserved_concurrency"] = inputs.reservedConcurrency.map(PlanValue.int) ?? .string("none")
        functionAttributes["layers"] = .strings(inputs.layer.map { ["\(names.layer)@\($0.sha256Base64)"] } ?? [])
        resources.append(
            ResourceState(
                kind: .function, name: names.base, attributes: functionAttributes, replaceOnChange: ["architecture"],
                dependsOn: functionDependencies))

        if let rotated = inputs.secrets.first(where: { $0.rotateEveryDays != nil }),
            let days = rotated.rotateEveryDays
        {
            let secretName = names.secret(rotated.name)
            let secretArn =
                knownSecretArns[secretName]
                ?? "\(arnPrefix):secretsmanager:\(inputs.region):\(inputs.account):secret:\(secretName)"
            resources += rotationResources(
                inputs, names: names, tags: tags, secretName: secretName, secretArn: secretArn,
                length: rotated.length, days: days)
        }

        var apiAttributes: [String: PlanValue] = ["protocol": .string("HTTP"), "tags": .stringMap(tags)]
        // "none" rather than no attribute, so that removing CORS from the config is a change the plan shows.
        apiAttributes["cors"] = inputs.cors.map(PlanValue.map) ?? .string("none")
        resources.append(ResourceState(kind: .api, name: names.base, attributes: apiAttributes))
        let functionArn = "\(arnPrefix):lambda:\(inputs.region):\(inputs.account):function:\(names.base)"
        resources.append(
            ResourceState(
                kind: .integration, name: names.base,
                attributes: [
                    "type": .string("AWS_PROXY"), "uri": .string(functionArn), "payload_format_version": .string("2.0"),
                ], dependsOn: ["api.\(names.base)", "function.\(names.base)"]))
        for route in inputs.routes {
            resources.append(
                ResourceState(
                    kind: .route, name: route, attributes: ["target": .string("integration.\(names.base)")],
                    dependsOn: ["integration.\(names.base)"]))
        }
        resources.append(
            ResourceState(
                kind: .stage, name: "$default", attributes: ["auto_deploy": .bool(true)],
                dependsOn: ["api.\(names.base)"]))
        resources.append(
            ResourceState(
                kind: .permission, name: names.invokePermission,
                attributes: [
                    "action": .string("lambda:InvokeFunction"), "principal": .string("apigateway.amazonaws.com"),
                    "source": .string("api.\(names.base)"),
                ], dependsOn: ["function.\(names.base)", "api.\(names.base)"]))
        return resources
    }

    /// Memory of the rotation function in MB: it makes four small Secrets Manager calls per step.
    public static let rotationMemory = 256
    /// Timeout of the rotation function in seconds.
    public static let rotationTimeout = 30

    /// The scheduled rotation of one secret: a second function from the same code zip and layer started as the
    /// rotation handler (`HOIST_ROTATION_HANDLER=1`), its own role and log group, a policy with write access to
    /// that secret only, Secrets Manager's permission to invoke it, and the rotation schedule.
    static func rotationResources(
        _ inputs: DeploymentInputs, names: ResourceNames, tags: [String: String], secretName: String,
        secretArn: String, length: Int, days: Int
    ) -> [ResourceState] {
        let arnPrefix = "arn:\(inputs.partition)"
        var resources: [ResourceState] = []
        resources.append(
            ResourceState(
                kind: .role, name: names.rotation,
                attributes: ["trust_policy": .string(PolicyDocument.lambdaTrust), "tags": .stringMap(tags)]))
        let policy = PolicyGenerator.rotationPolicy(
            partition: inputs.partition, region: inputs.region, account: inputs.account, secretName: secretName,
            logGroupName: names.rotationLogGroup)
        resources.append(
            ResourceState(
                kind: .rolePolicy, name: names.rotationRolePolicy,
                attributes: ["role": .string(names.rotation), "document": .string(policy.json)],
                dependsOn: ["role.\(names.rotation)"]))
        var logAttributes: [String: PlanValue] = ["tags": .stringMap(tags)]
        if let days = inputs.logRetentionDays { logAttributes["retention_days"] = .int(days) }
        resources.append(ResourceState(kind: .logGroup, name: names.rotationLogGroup, attributes: logAttributes))

        var dependencies = [
            "role.\(names.rotation)", "role_policy.\(names.rotationRolePolicy)",
            "log_group.\(names.rotationLogGroup)", "secret.\(secretName)",
        ]
        if inputs.layer != nil { dependencies.append("layer.\(names.layer)") }
        if inputs.code.viaS3 {
            dependencies.append("artifact.\(names.artifactKey(sha256Hex: inputs.code.sha256Hex))")
        }
        let environment = [
            "HOIST_ROTATION_HANDLER": "1", "JWT_SECRET_ARN": secretArn, "ROTATION_SECRET_LENGTH": String(length),
        ]
        resources.append(
            ResourceState(
                kind: .function, name: names.rotation,
                attributes: [
                    "runtime": .string(inputs.runtime), "handler": .string(inputs.handler),
                    "architecture": .string(inputs.architecture), "memory": .int(rotationMemory),
                    "timeout": .int(rotationTimeout),
                    "role": .string("\(arnPrefix):iam::\(inputs.account):role/\(names.rotation)"),
                    "environment": .stringMap(environment), "code_sha256": .string(inputs.code.sha256Base64),
                    "tags": .stringMap(tags), "reserved_concurrency": .string("none"),
                    "layers": .strings(inputs.layer.map { ["\(names.layer)@\($0.sha256Base64)"] } ?? []),
                ], replaceOnChange: ["architecture"], dependsOn: dependencies))
        resources.append(
            ResourceState(
                kind: .permission, name: names.rotationPermission,
                attributes: [
                    "action": .string("lambda:InvokeFunction"), "principal": .string("secretsmanager.amazonaws.com"),
                    "source": .string("secret.\(secretName)"),
                ], dependsOn: ["function.\(names.rotation)", "secret.\(secretName)"]))
        // RotateSecret runs the function's testSecret step at once on AWS: the function, its policy and the
        // permission come first.
        resources.append(
            ResourceState(
                kind: .secretRotation, name: secretName,
                attributes: ["function": .string("function.\(names.rotation)"), "after_days": .int(days)],
                dependsOn: [
                    "secret.\(secretName)", "function.\(names.rotation)", "permission.\(names.rotationPermission)",
                    "role_policy.\(names.rotationRolePolicy)",
                ]))
        return resources
    }

    /// The rotation resources that may exist without being desired (rotation removed from the config), for the
    /// reader to look for so that the plan deletes them: the rotation role, policy, log group, function and
    /// permission, and every configured secret's rotation. Attributes are empty: only the addresses count.
    public static func rotationProbes(_ inputs: DeploymentInputs) -> [ResourceState] {
        let names = ResourceNames(project: inputs.project, stage: inputs.stage)
        return [
            ResourceState(kind: .role, name: names.rotation, attributes: [:]),
            ResourceState(kind: .rolePolicy, name: names.rotationRolePolicy, attributes: [:]),
            ResourceState(kind: .logGroup, name: names.rotationLogGroup, attributes: [:]),
            ResourceState(kind: .function, name: names.rotation, attributes: [:]),
            ResourceState(kind: .permission, name: names.rotationPermission, attributes: [:]),
        ] + inputs.secrets.map { ResourceState(kind: .secretRotation, name: names.secret($0.name), attributes: [:]) }
    }
}
