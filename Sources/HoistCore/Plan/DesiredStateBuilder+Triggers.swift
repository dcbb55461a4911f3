/// The triggers of one function: its queue with the dead-letter queue and the event source mapping, its
/// schedule with the role Scheduler takes, and its function URL with, when public, the permissions that open it.
/// Every trigger invokes the function through its alias, so a rollback or canary moves them all.
extension DesiredStateBuilder {
    /// Days SQS keeps a message in the dead-letter queue: its maximum, to leave time to look at a failure.
    static let deadLetterRetentionDays = 14

    /// All triggers of `function`; `probing` looks for every mapping on the alias instead of the one desired.
    static func triggers(
        _ function: DeploymentInputs.Function, _ inputs: DeploymentInputs, names: ResourceNames,
        tags: [String: String], probing: Bool = false
    ) -> [AnySpec] {
        var specs: [AnySpec] = []
        if let queue = function.queue {
            specs += self.queue(queue, function, inputs, names: names, tags: tags, probing: probing)
        }
        if let schedule = function.schedule {
            specs += self.schedule(schedule, function, inputs, names: names, tags: tags)
        }
        if let url = function.url { specs += self.url(url, function, inputs, names: names) }
        return specs
    }

    /// The queue, its dead-letter queue after `max_receives`, and the mapping that hands batches to the alias
    /// (when `probing`, the probe that discovers every mapping on the alias).
    static func queue(
        _ queue: QueueTrigger, _ function: DeploymentInputs.Function, _ inputs: DeploymentInputs,
        names: ResourceNames, tags: [String: String], probing: Bool
    ) -> [AnySpec] {
        let day = 86400
        let deadLetter = QueueDriver.Spec(
            name: names.deadLetterQueue(function.name), visibilityTimeout: 30,
            messageRetentionSeconds: deadLetterRetentionDays * day, deadLetter: nil, tags: tags)
        let main = QueueDriver.Spec(
            name: names.queue(function.name),
            visibilityTimeout: queue.effectiveVisibilityTimeout(functionTimeout: function.timeout),
            messageRetentionSeconds: queue.retentionDays * day,
            deadLetter: .init(queue: deadLetter.name, maxReceives: queue.maxReceives), tags: tags)
        let functionName = names.function(function.name)
        let mapping =
            probing
            ? EventSourceMappingDriver.probe(function: functionName, qualifier: inputs.alias)
            : EventSourceMappingDriver.Spec(
                function: functionName, qualifier: inputs.alias, queue: main.name, batchSize: queue.batchSize,
                batchingWindowSeconds: queue.batchingWindow, reportBatchItemFailures: queue.partialBatchResponses)
        return [
            AnySpec(QueueDriver(), deadLetter), AnySpec(QueueDriver(), main),
            AnySpec(EventSourceMappingDriver(), mapping),
        ]
    }

    /// The schedule, and its own role: trusted by Scheduler for this account only, allowed to invoke only this
    /// function's alias.
    static func schedule(
        _ schedule: ScheduleTrigger, _ function: DeploymentInputs.Function, _ inputs: DeploymentInputs,
        names: ResourceNames, tags: [String: String]
    ) -> [AnySpec] {
        let role = names.scheduleRole(function.name)
        let functionName = names.function(function.name)
        let functionArn = "arn:\(inputs.partition):lambda:\(inputs.region):\(inputs.account):function:\(functionName)"
        let policy = PolicyGenerator.scheduleInvokePolicy(functionArn: functionArn, qualifier: inputs.alias)
        return [
            AnySpec(
                RoleDriver(),
                .init(
                    name: role, trustPolicy: PolicyDocument.schedulerTrust(account: inputs.account), tags: tags,
                    permissionsBoundary: PermissionsBoundaryDriver.name(project: inputs.project))),
            AnySpec(
                RolePolicyDriver(),
                .init(name: ScheduleDriver.rolePolicyName(role: role), role: role, document: policy.json)),
            AnySpec(
                ScheduleDriver(),
                .init(
                    name: functionName, expression: schedule.expression, timezone: schedule.timezone,
                    function: functionName, qualifier: inputs.alias, role: role, payload: schedule.payload)),
        ]
    }

    /// The function URL on the alias; with `auth: none`, the resource policy statements that let anyone call it.
    static func url(
        _ url: URLTrigger, _ function: DeploymentInputs.Function, _ inputs: DeploymentInputs, names: ResourceNames
    ) -> [AnySpec] {
        let functionName = names.function(function.name)
        let cors = url.cors.map {
            FunctionURLDriver.Cors(
                allowOrigins: $0.allowOrigins, allowMethods: $0.allowMethods, allowHeaders: $0.allowHeaders,
                maxAge: $0.maxAge)
        }
        var specs = [
            AnySpec(
                FunctionURLDriver(),
                .init(
                    function: functionName, qualifier: inputs.alias, authType: url.auth == .none ? .none : .iam,
                    cors: cors))
        ]
        if url.auth == .none {
            // Since October 2025 a public URL needs both: InvokeFunctionUrl with the NONE auth type, and
            // InvokeFunction when invoked through the URL.
            let source = ResourceAddress(.functionURL, functionName)
            specs.append(
                AnySpec(
                    PermissionDriver(),
                    .init(
                        statementId: "\(functionName)-url-public", function: functionName, principal: "*",
                        source: source, qualifier: inputs.alias, action: PermissionDriver.invokeFunctionUrl,
                        functionUrlAuthType: "NONE")))
            specs.append(
                AnySpec(
                    PermissionDriver(),
                    .init(
                        statementId: "\(functionName)-url-invoke", function: functionName, principal: "*",
                        source: source, qualifier: inputs.alias, invokedViaFunctionUrl: true)))
        }
        return specs
    }
}
