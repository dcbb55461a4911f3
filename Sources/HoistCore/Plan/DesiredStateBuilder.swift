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
}
