import Foundation

/// One statement of an IAM policy.
public struct PolicyStatement: Sendable, Equatable {
    /// The statement id.
    public var sid: String
    /// The actions, `service:Action`.
    public var actions: [String]
    /// The resource ARNs; never `*` in what hoist generates for the function.
    public var resources: [String]
    /// Conditions, operator → key → values.
    public var conditions: [String: [String: [String]]]
    /// Allow, or Deny (which no Allow anywhere overrides).
    public var effect: Effect

    /// A statement's effect.
    public enum Effect: String, Sendable, Equatable {
        /// Grants.
        case allow = "Allow"
        /// Refuses, whatever else grants.
        case deny = "Deny"
    }

    /// Creates a statement (Allow unless said).
    public init(
        sid: String, actions: [String], resources: [String], conditions: [String: [String: [String]]] = [:],
        effect: Effect = .allow
    ) {
        self.sid = sid
        self.actions = actions
        self.resources = resources
        self.conditions = conditions
        self.effect = effect
    }
}

/// An IAM policy document rendered deterministically (sorted keys and values) so plans compare it exactly.
public struct PolicyDocument: Sendable, Equatable {
    /// The statements, in order.
    public var statements: [PolicyStatement]

    /// Creates a document.
    public init(statements: [PolicyStatement]) { self.statements = statements }

    /// The JSON text, keys sorted, actions and resources sorted and de-duplicated.
    public var json: String {
        let document: [String: Any] = [
            "Version": "2012-10-17",
            "Statement": statements.map { statement -> [String: Any] in
                var object: [String: Any] = [
                    "Sid": statement.sid, "Effect": statement.effect.rawValue,
                    "Action": Array(Set(statement.actions)).sorted(),
                    "Resource": Array(Set(statement.resources)).sorted(),
                ]
                if !statement.conditions.isEmpty { object["Condition"] = statement.conditions }
                return object
            },
        ]
        let data = try! JSONSerialization.data(
            withJSONObject: document, options: [.sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self)
    }

    /// A policy text in the same canonical form, for comparing what IAM returns with what hoist wants.
    public static func canonical(_ text: String) -> String {
        guard let data = text.data(using: .utf8), let object = try? JSONSerialization.jsonObject(with: data),
            let normalized = try? JSONSerialization.data(
                withJSONObject: sortLists(object), options: [.sortedKeys, .withoutEscapingSlashes])
        else { return text }
        return String(decoding: normalized, as: UTF8.self)
    }

    static func sortLists(_ value: Any) -> Any {
        if let dictionary = value as? [String: Any] { return dictionary.mapValues(sortLists) }
        if let list = value as? [Any] {
            if let strings = list as? [String] { return strings.sorted() }
            return list.map(sortLists)
        }
        return value
    }

    /// A policy text indented for people to read.
    public static func pretty(_ text: String) -> String {
        guard let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)),
            let data = try? JSONSerialization.data(
                withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        else { return text }
        return String(decoding: data, as: UTF8.self)
    }

    /// The trust policy that lets Lambda assume the execution role.
    public static let lambdaTrust = PolicyDocument.raw(
        #"{"Statement":[{"Action":"sts:AssumeRole","Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"}}],"Version":"2012-10-17"}"#
    )

    /// The trust policy that lets EventBridge Scheduler assume a schedule's role, for schedules of this account
    /// only (`aws:SourceAccount`). Not `aws:SourceArn`: CreateSchedule checks that it can assume the role before
    /// the schedule exists, so a condition naming the schedule refuses its creation.
    public static func schedulerTrust(account: String) -> String {
        let statement: [String: Any] = [
            "Action": "sts:AssumeRole", "Effect": "Allow", "Principal": ["Service": "scheduler.amazonaws.com"],
            "Condition": ["StringEquals": ["aws:SourceAccount": account]],
        ]
        let data = try! JSONSerialization.data(
            withJSONObject: ["Version": "2012-10-17", "Statement": [statement]],
            options: [.sortedKeys, .withoutEscapingSlashes])
        return canonical(String(decoding: data, as: UTF8.self))
    }

    /// Wraps an already-written document (used for fixed ones such as the trust policy).
    static func raw(_ text: String) -> String { canonical(text) }
}

/// The policies hoist generates: the function's execution policy, and the deploying identity's.
public enum PolicyGenerator {
    /// The DynamoDB actions the backend's code issues (backend/README.md): GetItem, PutItem (updates are
    /// conditional puts), DeleteItem, and Scan for the paginated movie list. No Query, no UpdateItem.
    public static let backendTableActions = [
        "dynamodb:DeleteItem", "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Scan",
    ]

    /// The function's execution policy: exactly these table actions on these tables (and their indexes),
    /// GetSecretValue on these secrets, log writes on its own log group, and the configured extras.
    ///
    /// Tables that name their own actions (`tableActionsByName`) get exactly those; tables with the same actions
    /// share one statement (`Tables` when there is one, `Tables1`, `Tables2`… otherwise).
    public static func executionPolicy(
        partition: String = "aws", region: String, account: String, tableNames: [String],
        tableActionsByName: [String: [String]] = [:], secretNames: [String], logGroupName: String,
        tableActions: [String] = backendTableActions, extra: [PolicyStatement] = []
    ) -> PolicyDocument {
        var statements: [PolicyStatement] = []
        let groups = Dictionary(grouping: tableNames) { Array(Set(tableActionsByName[$0] ?? tableActions)).sorted() }
        for (index, (actions, names)) in groups.sorted(by: { $0.key.joined() < $1.key.joined() }).enumerated() {
            let tables = names.sorted().flatMap { name in
                let table = "arn:\(partition):dynamodb:\(region):\(account):table/\(name)"
                return [table, "\(table)/index/*"]
            }
            let sid = groups.count == 1 ? "Tables" : "Tables\(index + 1)"
            statements.append(PolicyStatement(sid: sid, actions: actions, resources: tables))
        }
        if !secretNames.isEmpty {
            // Secrets Manager appends a 6-character suffix to every secret's ARN.
            statements.append(
                PolicyStatement(
                    sid: "Secrets", actions: ["secretsmanager:GetSecretValue"],
                    resources: secretNames.map {
                        "arn:\(partition):secretsmanager:\(region):\(account):secret:\($0)-??????"
                    }))
        }
        statements.append(
            PolicyStatement(
                sid: "Logs", actions: ["logs:CreateLogStream", "logs:PutLogEvents"],
                resources: ["arn:\(partition):logs:\(region):\(account):log-group:\(logGroupName):*"]))
        for (index, statement) in extra.enumerated() {
            var named = statement
            if named.sid.isEmpty { named.sid = "Extra\(index + 1)" }
            statements.append(named)
        }
        return PolicyDocument(statements: statements)
    }

    /// What any role of the project may ever do, whatever its inline policy says: the permissions boundary
    /// attached to every role hoist creates. Item actions on the project's tables and their indexes, the rotation
    /// and read actions on its secrets, log writes on its functions' log groups, invoking its functions (a
    /// schedule's role), receiving from and sending to its queues, and the configured extras; in any region, since
    /// IAM is global and the stages of a project may live in several.
    ///
    /// The statements a trigger needs come only with a project that has such a trigger (`schedules`, `queues`),
    /// so that a project without them keeps the boundary it was deployed with.
    public static func boundaryPolicy(
        partition: String = "aws", account: String, project: String, extra: [PolicyStatement] = [],
        schedules: Bool = false, queues: Bool = false
    ) -> PolicyDocument {
        let table = "arn:\(partition):dynamodb:*:\(account):table/\(project)-*"
        var statements = [
            PolicyStatement(
                sid: "ProjectTables", actions: TableConfig.allowedActions.map { "dynamodb:\($0)" },
                resources: [table, "\(table)/index/*"]),
            PolicyStatement(
                sid: "ProjectSecrets", actions: rotationSecretActions,
                resources: ["arn:\(partition):secretsmanager:*:\(account):secret:\(project)/*"]),
            PolicyStatement(
                sid: "ProjectLogs", actions: ["logs:CreateLogStream", "logs:PutLogEvents"],
                resources: ["arn:\(partition):logs:*:\(account):log-group:/aws/lambda/\(project)-*:*"]),
        ]
        if schedules {
            // What a schedule's role does (``scheduleInvokePolicy(functionArn:qualifier:)``), on its own functions.
            statements.append(
                PolicyStatement(
                    sid: "ProjectFunctionInvoke", actions: ["lambda:InvokeFunction"],
                    resources: ["arn:\(partition):lambda:*:\(account):function:\(project)-*"]))
        }
        if queues {
            statements.append(
                PolicyStatement(
                    sid: "ProjectQueues", actions: queueWorkerActions + queueSenderActions,
                    resources: ["arn:\(partition):sqs:*:\(account):\(project)-*"]))
        }
        for (index, statement) in extra.enumerated() {
            var named = statement
            named.sid = "Extra\(index + 1)"
            statements.append(named)
        }
        return PolicyDocument(statements: statements)
    }

    /// What a function whose trigger is a queue needs on it: what Lambda's poller calls with the function's role
    /// (receive, delete, the attributes it checks) and what a handler calls to keep a message longer.
    public static let queueWorkerActions = [
        "sqs:ChangeMessageVisibility", "sqs:DeleteMessage", "sqs:GetQueueAttributes", "sqs:ReceiveMessage",
    ]

    /// What a function that sends to queues needs on them.
    public static let queueSenderActions = ["sqs:SendMessage"]

    /// The execution-policy statement of a function triggered by the queue `queueArn`: ``queueWorkerActions`` on it.
    public static func queueWorkerStatement(queueArn: String) -> PolicyStatement {
        PolicyStatement(sid: "ReceiveFromQueue", actions: queueWorkerActions, resources: [queueArn])
    }

    /// The execution-policy statement of a function that sends to these queues: ``queueSenderActions`` on them.
    public static func queueSenderStatement(queueArns: [String]) -> PolicyStatement {
        PolicyStatement(sid: "SendToQueues", actions: queueSenderActions, resources: queueArns)
    }

    /// The secret actions of the rotation handler (backend/README.md): read the stages and values, write the
    /// new version, move the stages. Nothing else, and on one secret.
    public static let rotationSecretActions = [
        "secretsmanager:DescribeSecret", "secretsmanager:GetSecretValue", "secretsmanager:PutSecretValue",
        "secretsmanager:UpdateSecretVersionStage",
    ]

    /// The rotation function's execution policy: the four rotation actions on one secret, log writes on its own
    /// log group.
    public static func rotationPolicy(
        partition: String = "aws", region: String, account: String, secretName: String, logGroupName: String
    ) -> PolicyDocument {
        PolicyDocument(statements: [
            // Secrets Manager appends a 6-character suffix to every secret's ARN: `-??????` matches this secret only.
            PolicyStatement(
                sid: "RotateSecret", actions: rotationSecretActions,
                resources: ["arn:\(partition):secretsmanager:\(region):\(account):secret:\(secretName)-??????"]),
            PolicyStatement(
                sid: "Logs", actions: ["logs:CreateLogStream", "logs:PutLogEvents"],
                resources: ["arn:\(partition):logs:\(region):\(account):log-group:\(logGroupName):*"]),
        ])
    }

    /// A schedule's role policy: `lambda:InvokeFunction` on the one alias the schedule targets, nothing else.
    /// EventBridge Scheduler invokes the target's ARN, the alias's (`<functionArn>:<qualifier>`), and IAM checks
    /// exactly that resource: neither the unqualified function nor another alias or version is allowed.
    public static func scheduleInvokePolicy(functionArn: String, qualifier: String) -> PolicyDocument {
        PolicyDocument(statements: [
            PolicyStatement(
                sid: "InvokeAlias", actions: ["lambda:InvokeFunction"], resources: ["\(functionArn):\(qualifier)"])
        ])
    }

    /// The least the deploying identity needs for `hoist deploy`, `apply`, `destroy` and `secrets` of one project:
    /// every driver's grants, merged by statement, plus what the secrets commands call.
    public static func deployerPolicy(
        partition: String = "aws", region: String, account: String, project: String, bucket: String? = nil
    ) -> PolicyDocument {
        let scope = DeployerScope(
            partition: partition, region: region, account: account, project: project, bucket: bucket)
        return merged(grants(scope), reads: false)
    }

    /// What only an administrator's deploy does, never the deployer policy: creating and changing the project's
    /// permissions boundary (the deployer policy refuses changing it outright).
    public static let administratorActions: Set<String> = [
        "iam:CreatePolicy", "iam:CreatePolicyVersion", "iam:DeletePolicyVersion", "iam:ListPolicyVersions",
    ]

    /// What `hoist plan` alone needs: the drivers' read-only actions.
    public static func readOnlyPolicy(
        partition: String = "aws", region: String, account: String, project: String, bucket: String? = nil
    ) -> PolicyDocument {
        let scope = DeployerScope(
            partition: partition, region: region, account: account, project: project, bucket: bucket)
        return merged(grants(scope), reads: true)
    }

    /// Every driver's grants, then the secrets commands' (they read versions and move stages; no driver does).
    static func grants(_ scope: DeployerScope) -> [DeployerGrant] {
        DriverRegistry.drivers.flatMap { $0.grants(scope) } + [
            DeployerGrant(
                sid: "Secrets", reads: ["secretsmanager:ListSecretVersionIds"],
                writes: [
                    "secretsmanager:GetSecretValue", "secretsmanager:PutSecretValue",
                    "secretsmanager:UpdateSecretVersionStage",
                ],
                resources: [
                    "\(scope.arnPrefix):secretsmanager:\(scope.region):\(scope.account):secret:\(scope.project)/*"
                ])
        ]
    }

    /// Grants of the same sid become one statement, in first-seen order; `reads` keeps read-only actions only.
    static func merged(_ grants: [DeployerGrant], reads: Bool) -> PolicyDocument {
        var order: [String] = []
        var statements: [String: PolicyStatement] = [:]
        for grant in grants {
            let actions = grant.deny ? grant.writes : reads ? grant.reads : grant.reads + grant.writes
            guard !actions.isEmpty, !(reads && grant.deny) else { continue }
            if var statement = statements[grant.sid] {
                statement.actions += actions
                statement.resources += grant.resources
                statements[grant.sid] = statement
            } else {
                order.append(grant.sid)
                statements[grant.sid] = PolicyStatement(
                    sid: grant.sid, actions: actions, resources: grant.resources, conditions: grant.conditions,
                    effect: grant.deny ? .deny : .allow)
            }
        }
        return PolicyDocument(
            statements: order.compactMap { sid in
                statements[sid].map {
                    PolicyStatement(
                        sid: sid, actions: Array(Set($0.actions)).sorted(),
                        resources: Array(Set($0.resources)).sorted(),
                        conditions: $0.conditions, effect: $0.effect)
                }
            })
    }
}
