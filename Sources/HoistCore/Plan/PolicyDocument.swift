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

    /// Creates an Allow statement.
    public init(sid: String, actions: [String], resources: [String], conditions: [String: [String: [String]]] = [:]) {
        self.sid = sid
        self.actions = actions
        self.resources = resources
        self.conditions = conditions
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
                    "Sid": statement.sid, "Effect": "Allow", "Action": Array(Set(statement.actions)).sorted(),
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
    public static func executionPolicy(
        partition: String = "aws", region: String, account: String, tableNames: [String], secretNames: [String],
        logGroupName: String, tableActions: [String] = backendTableActions, extra: [PolicyStatement] = []
    ) -> PolicyDocument {
        var statements: [PolicyStatement] = []
        if !tableNames.isEmpty {
            let tables = tableNames.flatMap { name in
                let table = "arn:\(partition):dynamodb:\(region):\(account):table/\(name)"
                return [table, "\(table)/index/*"]
            }
            statements.append(PolicyStatement(sid: "Tables", actions: tableActions, resources: tables))
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

    /// The least the deploying identity needs for `hoist deploy` and `hoist destroy` of one project.
    public static func deployerPolicy(partition: String = "aws", region: String, account: String, project: String)
        -> PolicyDocument
    {
        let prefix = "\(project)-"
        let lambda = "arn:\(partition):lambda:\(region):\(account)"
        let role = "arn:\(partition):iam::\(account):role/\(prefix)*"
        return PolicyDocument(statements: [
            PolicyStatement(
                sid: "Functions",
                actions: [
                    "lambda:AddPermission", "lambda:CreateAlias", "lambda:CreateFunction", "lambda:DeleteFunction",
                    "lambda:DeleteFunctionConcurrency", "lambda:PutFunctionConcurrency",
                    "lambda:GetAlias", "lambda:GetFunction", "lambda:GetFunctionConcurrency",
                    "lambda:GetFunctionConfiguration",
                    "lambda:GetPolicy",
                    // RotateSecret also needs the caller to be allowed to invoke the rotation function.
                    "lambda:InvokeFunction",
                    "lambda:PublishVersion", "lambda:RemovePermission", "lambda:TagResource", "lambda:UntagResource",
                    "lambda:UpdateAlias",
                    "lambda:UpdateFunctionCode", "lambda:UpdateFunctionConfiguration",
                ], resources: ["\(lambda):function:\(prefix)*"]),
            PolicyStatement(
                sid: "Layers",
                actions: [
                    "lambda:DeleteLayerVersion", "lambda:GetLayerVersion", "lambda:PublishLayerVersion",
                ], resources: ["\(lambda):layer:\(prefix)*", "\(lambda):layer:\(prefix)*:*"]),
            // These two list calls have no resource-level permissions: they take "*" or nothing.
            PolicyStatement(
                sid: "ListWithoutResourceScope", actions: ["lambda:ListLayerVersions", "logs:DescribeLogGroups"],
                resources: ["*"]),
            PolicyStatement(
                sid: "Roles",
                actions: [
                    "iam:CreateRole", "iam:DeleteRole", "iam:DeleteRolePolicy", "iam:GetRole", "iam:GetRolePolicy",
                    "iam:ListRolePolicies", "iam:PutRolePolicy", "iam:TagRole", "iam:UntagRole",
                    "iam:UpdateAssumeRolePolicy",
                ], resources: [role]),
            PolicyStatement(
                sid: "PassRoleToLambda", actions: ["iam:PassRole"], resources: [role],
                conditions: ["StringEquals": ["iam:PassedToService": ["lambda.amazonaws.com"]]]),
            PolicyStatement(
                sid: "Tables",
                actions: [
                    "dynamodb:CreateTable", "dynamodb:DeleteTable", "dynamodb:DescribeContinuousBackups",
                    "dynamodb:DescribeTable", "dynamodb:ListTagsOfResource", "dynamodb:TagResource",
                    "dynamodb:UntagResource", "dynamodb:UpdateContinuousBackups",
                ], resources: ["arn:\(partition):dynamodb:\(region):\(account):table/\(prefix)*"]),
            PolicyStatement(
                sid: "Secrets",
                actions: [
                    "secretsmanager:CancelRotateSecret", "secretsmanager:CreateSecret",
                    "secretsmanager:DeleteSecret", "secretsmanager:DescribeSecret",
                    "secretsmanager:GetSecretValue", "secretsmanager:ListSecretVersionIds",
                    "secretsmanager:PutSecretValue", "secretsmanager:RotateSecret", "secretsmanager:TagResource",
                    "secretsmanager:UntagResource", "secretsmanager:UpdateSecretVersionStage",
                ], resources: ["arn:\(partition):secretsmanager:\(region):\(account):secret:\(project)/*"]),
            PolicyStatement(
                sid: "Logs",
                actions: [
                    "logs:CreateLogGroup", "logs:DeleteLogGroup", "logs:ListTagsLogGroup", "logs:PutRetentionPolicy",
                    "logs:TagLogGroup", "logs:TagResource", "logs:UntagLogGroup",
                ], resources: ["arn:\(partition):logs:\(region):\(account):log-group:/aws/lambda/\(prefix)*"]),
            PolicyStatement(
                sid: "HttpApis",
                actions: ["apigateway:DELETE", "apigateway:GET", "apigateway:PATCH", "apigateway:POST"],
                resources: [
                    "arn:\(partition):apigateway:\(region)::/apis", "arn:\(partition):apigateway:\(region)::/apis/*",
                    "arn:\(partition):apigateway:\(region)::/tags/*",
                ]),
            PolicyStatement(
                sid: "ArtifactBucket",
                actions: [
                    "s3:CreateBucket", "s3:ListBucket", "s3:PutBucketPublicAccessBlock",
                    "s3:PutEncryptionConfiguration",
                ], resources: ["arn:\(partition):s3:::hoist-\(account)-\(region)"]),
            PolicyStatement(
                sid: "Artifacts",
                actions: ["s3:AbortMultipartUpload", "s3:DeleteObject", "s3:GetObject", "s3:PutObject"],
                resources: ["arn:\(partition):s3:::hoist-\(account)-\(region)/\(project)/*"]),
        ])
    }

    /// What `hoist plan` alone needs: the read-only subset.
    public static func readOnlyPolicy(partition: String = "aws", region: String, account: String, project: String)
        -> PolicyDocument
    {
        let readOnly: Set<String> = [
            "lambda:GetAlias", "lambda:GetFunction", "lambda:GetFunctionConcurrency", "lambda:GetFunctionConfiguration",
            "lambda:GetPolicy",
            "lambda:GetLayerVersion", "lambda:ListLayerVersions", "iam:GetRole", "iam:GetRolePolicy",
            "iam:ListRolePolicies", "dynamodb:DescribeContinuousBackups", "dynamodb:DescribeTable",
            "dynamodb:ListTagsOfResource", "secretsmanager:DescribeSecret", "secretsmanager:ListSecretVersionIds",
            "logs:DescribeLogGroups", "logs:ListTagsLogGroup", "apigateway:GET", "s3:ListBucket",
            "s3:GetObject",
        ]
        let full = deployerPolicy(partition: partition, region: region, account: account, project: project)
        return PolicyDocument(
            statements: full.statements.compactMap { statement in
                let actions = statement.actions.filter(readOnly.contains)
                guard !actions.isEmpty, statement.sid != "PassRoleToLambda" else { return nil }
                return PolicyStatement(sid: statement.sid, actions: actions, resources: statement.resources)
            })
    }
}
