import Foundation
import HoistCore
import HoistTestSupport
import Testing

@Suite("Generated IAM policies")
struct PolicyGeneratorTests {
    func execution() -> PolicyDocument {
        PolicyGenerator.executionPolicy(
            region: "us-east-1", account: "123456789012",
            tableNames: ["movies-api-dev-users", "movies-api-dev-movies"],
            secretNames: ["movies-api/dev/JWT_SECRET_KEY"], logGroupName: "/aws/lambda/movies-api-dev")
    }

    @Test("the execution policy is scoped: no wildcard resource, tables and their indexes, the secret, the log group")
    func scoped() throws {
        let json = execution().json
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let statements = try #require(object["Statement"] as? [[String: Any]])
        let resources = statements.flatMap { $0["Resource"] as? [String] ?? [] }
        #expect(!resources.contains("*"))
        #expect(resources.contains("arn:aws:dynamodb:us-east-1:123456789012:table/movies-api-dev-users"))
        #expect(resources.contains("arn:aws:dynamodb:us-east-1:123456789012:table/movies-api-dev-users/index/*"))
        #expect(
            resources.contains(
                "arn:aws:secretsmanager:us-east-1:123456789012:secret:movies-api/dev/JWT_SECRET_KEY-??????"))
        #expect(resources.contains("arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/movies-api-dev:*"))
        let actions = Set(statements.flatMap { $0["Action"] as? [String] ?? [] })
        #expect(
            actions
                == Set(
                    PolicyGenerator.backendTableActions + [
                        "secretsmanager:GetSecretValue", "logs:CreateLogStream", "logs:PutLogEvents",
                    ]))
    }

    @Test("policy text is deterministic and canonical() ignores key and list order")
    func deterministic() {
        #expect(execution().json == execution().json)
        let a = #"{"Version":"2012-10-17","Statement":[{"Action":["b","a"],"Effect":"Allow","Resource":"x"}]}"#
        let b = #"{"Statement":[{"Resource":"x","Effect":"Allow","Action":["a","b"]}],"Version":"2012-10-17"}"#
        #expect(PolicyDocument.canonical(a) == PolicyDocument.canonical(b))
    }

    @Test("another hoist project's HTTP API or stage is refused to the deployer; the allow stays unconditioned")
    func otherProjectsHttpApis() throws {
        let policy = PolicyGenerator.deployerPolicy(region: "us-east-1", account: "123456789012", project: "movies")
        let deny = try #require(policy.statements.first { $0.sid == "OtherProjectsHttpApis" })
        #expect(deny.effect == .deny)
        #expect(Set(deny.actions).isSuperset(of: ["apigateway:DELETE", "apigateway:PATCH", "apigateway:POST"]))
        // Both in one statement: denied only where the tag is there (StringLike "*" is false without it) and names
        // another project.
        // Routes and integrations carry no tags for IAM, so hoist's own writes to them are never denied.
        let key = "aws:ResourceTag/hoist:project"
        #expect(deny.conditions == ["StringLike": [key: ["*"]], "StringNotEquals": [key: ["movies"]]])
        let api = "arn:aws:apigateway:us-east-1::/apis/a1b2c3d4e5"
        for resource in [api, "\(api)/stages/$default", "arn:aws:apigateway:us-east-1::/tags/\(api)"] {
            #expect(deny.resources.contains { Self.iamPatternMatches($0, resource) }, "\(resource)")
        }
        // The allow has no tag condition: a condition on children that carry no tags would refuse hoist's own.
        let allow = try #require(policy.statements.first { $0.sid == "HttpApis" })
        #expect(allow.effect == .allow && allow.conditions.isEmpty)
        #expect(allow.resources.contains { Self.iamPatternMatches($0, "\(api)/routes/r1") })
        // The read-only policy has no Deny to carry: it changes nothing.
        let readOnly = PolicyGenerator.readOnlyPolicy(region: "us-east-1", account: "123456789012", project: "movies")
        #expect(!readOnly.statements.contains { $0.sid == "OtherProjectsHttpApis" })
    }

    /// IAM's resource wildcards: `*` any run of characters (`/` included), `?` one character.
    static func iamPatternMatches(_ pattern: String, _ text: String) -> Bool {
        let pattern = Array(pattern)
        let text = Array(text)
        func match(_ p: Int, _ t: Int) -> Bool {
            if p == pattern.count { return t == text.count }
            switch pattern[p] {
            case "*": return (t...text.count).contains { match(p + 1, $0) }
            case "?": return t < text.count && match(p + 1, t + 1)
            default: return t < text.count && pattern[p] == text[t] && match(p + 1, t + 1)
            }
        }
        return match(0, 0)
    }

    @Test("deployer policy passes the role only to Lambda; the read-only one can change nothing")
    func deployer() {
        let full = PolicyGenerator.deployerPolicy(region: "us-east-1", account: "123456789012", project: "movies-api")
        let pass = full.statements.first { $0.actions == ["iam:PassRole"] }
        #expect(pass?.conditions["StringEquals"]?["iam:PassedToService"] == ["lambda.amazonaws.com"])
        // Only the calls without resource-level permissions take "*": five lists, the canary's metric reads, and
        // creating event source mappings (only of the project's functions, by condition).
        #expect(
            Set(full.statements.filter { $0.resources.contains("*") }.flatMap(\.actions)) == [
                "lambda:ListLayerVersions", "logs:DescribeLogGroups", "cloudwatch:GetMetricData", "sqs:ListQueues",
                "lambda:ListEventSourceMappings", "lambda:CreateEventSourceMapping", "lambda:ListFunctions",
            ])
        let mappings = full.statements.first { $0.actions.contains("lambda:CreateEventSourceMapping") }
        #expect(
            mappings?.conditions == [
                "ArnLike": ["lambda:FunctionArn": ["arn:aws:lambda:us-east-1:123456789012:function:movies-api-*"]]
            ])
        let readOnly = PolicyGenerator.readOnlyPolicy(
            region: "us-east-1", account: "123456789012", project: "movies-api")
        let verbs = readOnly.statements.flatMap(\.actions)
        #expect(!verbs.isEmpty)
        // hoist secrets rotate/set need the write calls on the project's secrets; secrets status only reads.
        let secrets = full.statements.first { $0.sid == "Secrets" }?.actions ?? []
        for action in ["PutSecretValue", "UpdateSecretVersionStage", "GetSecretValue", "ListSecretVersionIds"] {
            #expect(secrets.contains("secretsmanager:\(action)"))
        }
        // Deploy turns scheduled rotation on and off; RotateSecret needs the caller to be allowed to invoke.
        for action in ["RotateSecret", "CancelRotateSecret"] { #expect(secrets.contains("secretsmanager:\(action)")) }
        // Invoking is a write on the project's own (tagged) functions.
        let functions = full.statements.first { $0.sid == "ChangeProjectFunctions" }
        #expect(functions?.actions.contains("lambda:InvokeFunction") == true)
        #expect(functions?.resources == ["arn:aws:lambda:us-east-1:123456789012:function:movies-api-*"])
        #expect(
            verbs.contains("secretsmanager:ListSecretVersionIds") && verbs.contains("secretsmanager:DescribeSecret"))
        #expect(!verbs.contains("secretsmanager:GetSecretValue"), "status never reads a value")
        for verb in verbs {
            let action = verb.split(separator: ":")[1]
            #expect(
                action.hasPrefix("Get") || action.hasPrefix("List") || action.hasPrefix("Describe") || action == "GET"
                    || verb == "logs:FilterLogEvents",
                "\(verb) is not read-only")
        }
    }

    @Test("hoist logs: FilterLogEvents is a read on the project's tagged log groups, in both policies")
    func logsRead() {
        for policy in [
            PolicyGenerator.deployerPolicy(region: "us-east-1", account: "123456789012", project: "movies-api"),
            PolicyGenerator.readOnlyPolicy(region: "us-east-1", account: "123456789012", project: "movies-api"),
        ] {
            let statements = policy.statements.filter { $0.actions.contains("logs:FilterLogEvents") }
            #expect(statements.count == 1)
            #expect(
                statements.first?.resources == [
                    "arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/movies-api-*"
                ])
            // The events are the functions' data: only log groups tagged for the project.
            #expect(
                statements.first?.conditions == [
                    "StringEquals": ["aws:ResourceTag/hoist:project": ["movies-api"]]
                ])
        }
    }

    @Test(
        "parliament finds nothing in the generated policies",
        .enabled(if: Parliament.available, "parliament not installed (pip install parliament)"))
    func parliament() throws {
        for policy in [
            execution(),
            PolicyGenerator.deployerPolicy(region: "us-east-1", account: "123456789012", project: "movies-api"),
            PolicyGenerator.readOnlyPolicy(region: "us-east-1", account: "123456789012", project: "movies-api"),
            PolicyGenerator.rotationPolicy(
                region: "us-east-1", account: "123456789012", secretName: "movies-api/dev/JWT_SECRET_KEY",
                logGroupName: "/aws/lambda/movies-api-dev-rotate"),
        ] {
            let findings = try Parliament.audit(policy.json).split(separator: "\n").filter { line in
                // Accepted, for the deployer policy only: PutLifecycleConfiguration on the shared artifact bucket could
                // expire objects that DeleteObject may not touch. hoist sets one rule (abort incomplete uploads),
                // and an expired artifact costs a re-upload: keys are content digests, read before use, and Lambda
                // keeps its own copy of deployed code.
                !(line.contains("RESOURCE_POLICY_PRIVILEGE_ESCALATION")
                    && line.contains("s3:PutLifecycleConfiguration"))
            }
            #expect(findings.isEmpty, "parliament: \(findings)")
        }
    }
}

/// The `parliament` IAM linter, run as a subprocess.
enum Parliament {
    static var available: Bool {
        (try? run(["python3", "-c", "import parliament"]).status) == 0
    }

    static func audit(_ policy: String) throws -> String {
        let result = try run(["parliament", "--string", policy, "--json"])
        return result.output.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    static func run(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let result = try ProcessRunner.run(command: arguments, mergeStandardError: true)
        return (result.status, result.stdout)
    }
}

/// The deployer policy cannot mint a role beyond the project's boundary, nor reach another project's roles.
@Suite("Deployer policy: permissions boundary and project scope")
struct DeployerBoundaryTests {
    let policy = PolicyGenerator.deployerPolicy(region: "us-east-1", account: "123456789012", project: "movies")
    let boundary = "arn:aws:iam::123456789012:policy/hoist-movies-boundary"

    /// Whether an IAM resource pattern (`*` and `?`) matches an ARN.
    func matches(_ pattern: String, _ arn: String) -> Bool {
        let regex =
            "^"
            + NSRegularExpression.escapedPattern(for: pattern)
            .replacingOccurrences(of: "\\*", with: ".*").replacingOccurrences(of: "\\?", with: ".") + "$"
        return arn.range(of: regex, options: .regularExpression) != nil
    }

    @Test("creating roles and writing their policies are allowed only with the boundary attached")
    func boundaryRequired() {
        for action in ["iam:CreateRole", "iam:PutRolePolicy", "iam:DeleteRolePolicy", "iam:PutRolePermissionsBoundary"]
        {
            let allowing = policy.statements.filter { $0.effect == .allow && $0.actions.contains(action) }
            #expect(!allowing.isEmpty, "\(action) is needed")
            for statement in allowing {
                #expect(statement.conditions["ArnEquals"]?["iam:PermissionsBoundary"] == [boundary], "\(action)")
            }
        }
    }

    @Test("the boundary cannot be changed or removed, from the policy or from a role")
    func boundaryProtected() {
        let denied = Set(policy.statements.filter { $0.effect == .deny }.flatMap(\.actions))
        #expect(
            denied.isSuperset(of: [
                "iam:CreatePolicyVersion", "iam:DeletePolicy", "iam:DeletePolicyVersion", "iam:SetDefaultPolicyVersion",
                "iam:DeleteRolePermissionsBoundary",
            ]))
        let allowed = Set(policy.statements.filter { $0.effect == .allow }.flatMap(\.actions))
        #expect(allowed.isDisjoint(with: PolicyGenerator.administratorActions))
    }

    @Test(
        "project movies' writes reach movies-api's roles, functions, tables, log groups and queues only through its tag",
        arguments: [
            "arn:aws:iam::123456789012:role/movies-api-dev",
            "arn:aws:lambda:us-east-1:123456789012:function:movies-api-dev",
            "arn:aws:dynamodb:us-east-1:123456789012:table/movies-api-dev-users",
            "arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/movies-api-dev",
            "arn:aws:sqs:us-east-1:123456789012:movies-api-dev-jobs",
        ])
    func projectScope(other: String) {
        for statement in policy.statements where statement.effect == .allow {
            // Only the statements that name roles: "*" is for list calls without resource scope.
            guard statement.resources.contains(where: { $0 != "*" && matches($0, other) }) else { continue }
            let writes = statement.actions.filter { action in
                let verb = action.split(separator: ":").last ?? ""
                return !verb.hasPrefix("Get") && !verb.hasPrefix("List") && !verb.hasPrefix("Describe")
            }
            guard !writes.isEmpty, writes != ["iam:PassRole"] else { continue }
            let tag =
                statement.conditions["StringEquals"]?["aws:ResourceTag/hoist:project"]
                ?? statement.conditions["StringEquals"]?["aws:RequestTag/hoist:project"]
            #expect(tag == ["movies"], "\(statement.sid): \(writes)")
        }
    }

    @Test("the boundary itself: the project's tables, secrets and logs only, no wildcard resource, parliament clean")
    func boundaryDocument() throws {
        let document = PolicyGenerator.boundaryPolicy(account: "123456789012", project: "movies")
        let resources = document.statements.flatMap(\.resources)
        #expect(!resources.contains("*"))
        #expect(resources.allSatisfy { $0.contains("movies-") || $0.contains("secret:movies/") })
        if Parliament.available {
            #expect(try Parliament.audit(document.json).isEmpty)
        }
    }
}
