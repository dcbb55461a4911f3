import Foundation
import HoistAWS
import Testing

@testable import HoistCore

/// How schedules, function URLs and their permissions show in a plan, what their policies allow, and that plans
/// written before them read and render as they did.
@Suite("Schedule and function URL rendering and policies")
struct TriggerRenderingTests {
    let scope = DeploymentScope(project: "movies", stage: "dev", account: "123456789012", region: "us-east-1")

    func fixture(_ name: String) throws -> Data {
        let folder = try #require(Bundle.module.url(forResource: "Fixtures", withExtension: nil))
        return try Data(contentsOf: folder.appendingPathComponent("plan").appendingPathComponent(name))
    }

    func url(_ auth: FunctionURLDriver.AuthType, cors: FunctionURLDriver.Cors? = nil) throws -> ResourceState {
        try AnyResourceDriver.state(
            FunctionURLDriver(), .init(function: "movies-dev-feed", qualifier: "live", authType: auth, cors: cors),
            scope)
    }

    @Test("a public URL says so in the plan; an IAM one shows AWS_IAM; both buffered, on the alias")
    func publicMarking() throws {
        let open = try url(.none)
        #expect(open.attributes["auth_type"] == .string("NONE (public: anyone can invoke)"))
        #expect(open.attributes["invoke_mode"] == .string("BUFFERED"))
        #expect(open.attributes["cors"] == .string("none"))
        #expect(open.dependsOn.contains(ResourceAddress(.alias, "movies-dev-feed:live")))
        #expect(open.parent == ResourceAddress(.function, "movies-dev-feed"))
        #expect(try url(.iam).attributes["auth_type"] == .string("AWS_IAM"))
        let plan = Planner.plan(
            project: "movies", stage: "dev", region: "us-east-1", account: "123456789012", desired: [open],
            observed: [])
        #expect(PlanRenderer.text(plan, color: false).contains("NONE (public: anyone can invoke)"))
        // What Lambda answers reads the same way, so an unchanged public URL is no change.
        #expect(FunctionURLDriver.authTypeValue("NONE") == open.attributes["auth_type"])
    }

    @Test("CORS: set members shown, empty ones (and what means the same: 0, false) left out")
    func cors() throws {
        let full = FunctionURLDriver.Cors(
            allowOrigins: ["https://a.example"], allowMethods: ["GET"], allowHeaders: ["content-type"],
            exposeHeaders: ["x-id"], maxAge: 60, allowCredentials: true)
        #expect(
            try url(.iam, cors: full).attributes["cors"]
                == .map([
                    "allow_origins": .strings(["https://a.example"]), "allow_methods": .strings(["GET"]),
                    "allow_headers": .strings(["content-type"]), "expose_headers": .strings(["x-id"]),
                    "max_age": .int(60), "allow_credentials": .bool(true),
                ]))
        let origins = try url(.iam, cors: .init(allowOrigins: ["*"])).attributes["cors"]
        #expect(origins == .map(["allow_origins": .strings(["*"])]))
        let answer = FunctionURLCors(
            allowCredentials: false, allowHeaders: [], allowMethods: [], allowOrigins: ["*"], exposeHeaders: [],
            maxAge: 0)
        #expect(FunctionURLDriver.corsValue(answer) == origins)
        #expect(FunctionURLDriver.corsValue(.empty) == .string("none"))
        #expect(
            full.lambda.allowOrigins == ["https://a.example"]
                && FunctionURLDriver.Cors(allowOrigins: []).lambda == .empty)
    }

    @Test("a permission spec written before function URLs decodes, encodes to the same bytes and renders as before")
    func permissionSpecCompatibility() throws {
        let before = try fixture("permission-spec-before-url.json")
        let spec = try JSONDecoder().decode(PermissionDriver.Spec.self, from: before)
        #expect(spec.action == nil && spec.functionUrlAuthType == nil && spec.invokedViaFunctionUrl == nil)
        let text = String(decoding: try SpecBox(spec).json, as: UTF8.self)
        #expect(text == String(decoding: before, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
        #expect(
            PermissionDriver().render(spec, scope) == [
                .action: .string("lambda:InvokeFunction"), .principal: .string("apigateway.amazonaws.com"),
                .source: .string("api.movies-api-dev"),
            ])
    }

    @Test("a public URL's two statements show their action and condition, and name the URL as source")
    func publicStatements() {
        let source = ResourceAddress(.functionURL, "movies-dev-feed")
        let url = PermissionDriver.Spec(
            statementId: "movies-dev-feed-url-public", function: "movies-dev-feed", principal: "*", source: source,
            qualifier: "live", action: PermissionDriver.invokeFunctionUrl, functionUrlAuthType: "NONE")
        #expect(
            PermissionDriver().render(url, scope) == [
                .action: .string("lambda:InvokeFunctionUrl"), .principal: .string("*"),
                .source: .string("function_url.movies-dev-feed"),
                .condition: .string("lambda:FunctionUrlAuthType=NONE"),
            ])
        var invoke = url
        invoke.action = nil
        invoke.functionUrlAuthType = nil
        invoke.invokedViaFunctionUrl = true
        #expect(PermissionDriver().render(invoke, scope)[.action] == .string("lambda:InvokeFunction"))
        #expect(PermissionDriver().render(invoke, scope)[.condition] == .string("lambda:InvokedViaFunctionUrl=true"))
        #expect(PermissionDriver().dependencies(of: invoke).contains(source))
    }

    @Test("the statement reader finds a URL statement's conditions as AWS writes them")
    func statementConditions() throws {
        let policy = """
            {"Version":"2012-10-17","Statement":[\
            {"Sid":"u","Effect":"Allow","Principal":"*","Action":"lambda:InvokeFunctionUrl",\
            "Resource":"arn:aws:lambda:us-east-1:123456789012:function:f:live",\
            "Condition":{"StringEquals":{"lambda:FunctionUrlAuthType":"NONE"}}},\
            {"Sid":"i","Effect":"Allow","Principal":"*","Action":"lambda:InvokeFunction",\
            "Resource":"arn:aws:lambda:us-east-1:123456789012:function:f:live",\
            "Condition":{"Bool":{"lambda:InvokedViaFunctionUrl":"true"}}}]}
            """
        let url = try #require(PolicyStatementReader.statement(in: policy, sid: "u", on: ":live"))
        #expect(url.principal == "*" && url.sourceArn.isEmpty)
        #expect(url.urlCondition == "lambda:FunctionUrlAuthType=NONE")
        let invoke = try #require(PolicyStatementReader.statement(in: policy, sid: "i", on: ":live"))
        #expect(invoke.urlCondition == "lambda:InvokedViaFunctionUrl=true")
    }

    @Test("a schedule shows its alias and role by address, UTC and on time by default, its payload by content")
    func scheduleRendering() throws {
        let spec = ScheduleDriver.Spec(
            name: "movies-dev-digest", expression: "cron(0 8 * * ? *)", function: "movies-dev-digest",
            qualifier: "live", role: "movies-dev-digest-schedule", payload: #"{"b": [2, 1], "a": true}"#)
        let state = try AnyResourceDriver.state(ScheduleDriver(), spec, scope)
        #expect(
            state.attributes == [
                "expression": .string("cron(0 8 * * ? *)"), "timezone": .string("UTC"),
                "target": .string("alias.movies-dev-digest:live"), "role": .string("role.movies-dev-digest-schedule"),
                "payload": .string(#"{"a":true,"b":[2,1]}"#), "state": .string("ENABLED"),
                "flexible_time_window": .string("OFF"),
            ])
        #expect(
            Set(state.dependsOn) == [
                "alias.movies-dev-digest:live", "role.movies-dev-digest-schedule",
                "role_policy.movies-dev-digest-schedule-invoke",
            ])
        #expect(state.parent == ResourceAddress(.function, "movies-dev-digest"))
        var berlin = spec
        berlin.timezone = "Europe/Berlin"
        berlin.payload = nil
        let other = try AnyResourceDriver.state(ScheduleDriver(), berlin, scope)
        #expect(other.attributes["timezone"] == .string("Europe/Berlin"))
        #expect(other.attributes["payload"] == .string("none"))
        #expect(ScheduleDriver.roleName(function: "movies-dev-digest") == "movies-dev-digest-schedule")
    }

    @Test("the schedule role: trusted by EventBridge Scheduler for this account only, may invoke the one alias")
    func schedulePolicies() throws {
        let trust = PolicyDocument.schedulerTrust(account: "123456789012")
        #expect(
            trust == #"{"Statement":[{"Action":"sts:AssumeRole","Condition":{"StringEquals":"#
                + #"{"aws:SourceAccount":"123456789012"}},"Effect":"Allow","Principal":"#
                + #"{"Service":"scheduler.amazonaws.com"}}],"Version":"2012-10-17"}"#)
        #expect(PolicyDocument.canonical(trust) == trust)
        let invoke = PolicyGenerator.scheduleInvokePolicy(
            functionArn: "arn:aws:lambda:us-east-1:123456789012:function:movies-dev-digest", qualifier: "live")
        #expect(
            invoke.statements == [
                PolicyStatement(
                    sid: "InvokeAlias", actions: ["lambda:InvokeFunction"],
                    resources: ["arn:aws:lambda:us-east-1:123456789012:function:movies-dev-digest:live"])
            ])
        // Only a project with a schedule gets it: one without keeps the boundary it was deployed with.
        let without = PolicyGenerator.boundaryPolicy(account: "123456789012", project: "movies")
        #expect(!without.statements.contains { $0.sid == "ProjectFunctionInvoke" })
        let boundary = PolicyGenerator.boundaryPolicy(account: "123456789012", project: "movies", schedules: true)
        #expect(
            boundary.statements.first { $0.sid == "ProjectFunctionInvoke" }
                == PolicyStatement(
                    sid: "ProjectFunctionInvoke", actions: ["lambda:InvokeFunction"],
                    resources: ["arn:aws:lambda:*:123456789012:function:movies-*"]))
    }

    @Test("the deployer may change the project's schedules and URLs, and pass the schedule roles to Scheduler only")
    func deployerGrants() throws {
        let policy = PolicyGenerator.deployerPolicy(region: "us-east-1", account: "123456789012", project: "movies")
        let schedules = try #require(policy.statements.first { $0.sid == "Schedules" })
        #expect(
            schedules.actions == [
                "scheduler:CreateSchedule", "scheduler:DeleteSchedule", "scheduler:GetSchedule",
                "scheduler:UpdateSchedule",
            ])
        #expect(schedules.resources == ["arn:aws:scheduler:us-east-1:123456789012:schedule/default/movies-*"])
        let pass = try #require(policy.statements.first { $0.sid == "PassRoleToScheduler" })
        #expect(pass.actions == ["iam:PassRole"])
        #expect(pass.resources == ["arn:aws:iam::123456789012:role/movies-*-schedule"])
        #expect(pass.conditions == ["StringEquals": ["iam:PassedToService": ["scheduler.amazonaws.com"]]])
        let lambda = try #require(policy.statements.first { $0.sid == "PassRoleToLambda" })
        #expect(lambda.conditions == ["StringEquals": ["iam:PassedToService": ["lambda.amazonaws.com"]]])
        let change = try #require(policy.statements.first { $0.sid == "ChangeProjectFunctions" })
        for action in ["CreateFunctionUrlConfig", "UpdateFunctionUrlConfig", "DeleteFunctionUrlConfig"] {
            #expect(change.actions.contains("lambda:\(action)"))
        }
        #expect(change.conditions == ["StringEquals": ["aws:ResourceTag/hoist:project": ["movies"]]])
        let readOnly = PolicyGenerator.readOnlyPolicy(region: "us-east-1", account: "123456789012", project: "movies")
        let reads = Set(readOnly.statements.flatMap(\.actions))
        #expect(reads.isSuperset(of: ["scheduler:GetSchedule", "lambda:GetFunctionUrlConfig"]))
        #expect(reads.isDisjoint(with: ["scheduler:CreateSchedule", "lambda:CreateFunctionUrlConfig"]))
    }
}
