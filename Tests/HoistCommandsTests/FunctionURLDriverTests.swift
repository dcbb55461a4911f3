import Foundation
import HoistAWS
import HoistTestSupport
import Testing

@testable import HoistCore

/// A function's URL trigger on its alias through plan and apply against moto with auth enforced: IAM auth with
/// CORS, then public (auth NONE with the two statements a public URL needs), CORS removed, then deleted.
@Suite("Function URLs against moto", .serialized, .enabled(if: HoistBinary.motoShouldRun, MotoTestBed.skipNote))
struct FunctionURLDriverTests {
    let cors = FunctionURLDriver.Cors(
        allowOrigins: ["https://app.example"], allowMethods: ["GET", "POST"], allowHeaders: ["content-type"],
        exposeHeaders: ["x-request-id"], maxAge: 300, allowCredentials: true)

    /// The URL of the bed's function, and for `auth: none` its two public statements.
    func states(_ bed: TriggerMotoBed, auth: FunctionURLDriver.AuthType, cors: FunctionURLDriver.Cors?) throws
        -> [ResourceState]
    {
        let url = try bed.state(
            FunctionURLDriver(), .init(function: bed.function, qualifier: "live", authType: auth, cors: cors))
        guard auth == .none else { return [url] }
        return [url] + (try publicStatements(bed))
    }

    /// `lambda:InvokeFunctionUrl` for auth type NONE, and `lambda:InvokeFunction` through the URL only.
    func publicStatements(_ bed: TriggerMotoBed) throws -> [ResourceState] {
        let source = ResourceAddress(.functionURL, bed.function)
        return [
            try bed.state(
                PermissionDriver(),
                .init(
                    statementId: "\(bed.function)-url-public", function: bed.function, principal: "*", source: source,
                    qualifier: "live", action: PermissionDriver.invokeFunctionUrl, functionUrlAuthType: "NONE")),
            try bed.state(
                PermissionDriver(),
                .init(
                    statementId: "\(bed.function)-url-invoke", function: bed.function, principal: "*",
                    source: source, qualifier: "live", invokedViaFunctionUrl: true)),
        ]
    }

    @Test("IAM with CORS, then public with its two statements, CORS removed, deleted: each a minimal change")
    func lifecycle() async throws {
        let bed = try await TriggerMotoBed("fu")
        let lambda = Lambda(client: bed.client)
        let iam = try states(bed, auth: .iam, cors: cors)
        let first = try await bed.plan(iam)
        #expect(first.resources.map(\.action) == [.create], "\(PlanRenderer.text(first, color: false))")
        #expect(first.resources.first?.changes.first { $0.attribute == "auth_type" }?.after == .string("AWS_IAM"))
        let (identities, _) = try await bed.apply(first)
        let created = try await lambda.getFunctionUrlConfig(functionName: bed.function, qualifier: "live")
        #expect(created.authType == "AWS_IAM" && created.invokeMode == "BUFFERED")
        #expect(created.cors == cors.lambda)
        let url = try #require(created.functionUrl)
        #expect(identities[ResourceAddress(.functionURL, bed.function)]?.endpoint == url)
        #expect(!(try await bed.plan(iam)).hasChanges)

        // Public: the auth type changes in place and the plan says the URL is public; the two statements are added.
        let open = try states(bed, auth: .none, cors: cors)
        let second = try await bed.plan(open)
        let text = PlanRenderer.text(second, color: false)
        #expect(text.contains("NONE (public: anyone can invoke)"), "\(text)")
        #expect(
            second.resources.filter { $0.action != .noOp }.map(\.address.description) == [
                "function_url.\(bed.function)", "permission.\(bed.function)-url-invoke",
                "permission.\(bed.function)-url-public",
            ], "\(text)")
        #expect(second.resources.first?.changes.map(\.attribute) == ["auth_type"])
        try await bed.apply(second)
        #expect(try await lambda.getFunctionUrlConfig(functionName: bed.function, qualifier: "live").authType == "NONE")
        try await expectPublicStatements(bed)
        let settled = try await bed.plan(open)
        #expect(!settled.hasChanges, "\(PlanRenderer.text(settled, color: false))")

        // CORS removed: only that, and the URL answers no preflight any more.
        let bare = try states(bed, auth: .none, cors: nil)
        let third = try await bed.plan(bare)
        let changed = third.resources.filter { $0.action != .noOp }
        #expect(changed.map(\.address.description) == ["function_url.\(bed.function)"])
        #expect(changed.first?.changes.map(\.attribute) == ["cors"])
        #expect(changed.first?.changes.first?.after == .string("none"))
        try await bed.apply(third)
        let stripped = try await lambda.getFunctionUrlConfig(functionName: bed.function, qualifier: "live")
        #expect(FunctionURLDriver.corsValue(stripped.cors) == .string("none"), "\(String(describing: stripped.cors))")
        #expect(stripped.functionUrl == url, "the URL stays the same")
        #expect(!(try await bed.plan(bare)).hasChanges)

        // No longer configured: the URL and its statements go; the API's statement on the alias stays.
        let fourth = try await bed.plan([], probes: bare)
        #expect(fourth.resources.count == 3 && fourth.resources.allSatisfy { $0.action == .delete })
        try await bed.apply(fourth)
        await #expect(throws: AWSError.self) {
            _ = try await lambda.getFunctionUrlConfig(functionName: bed.function, qualifier: "live")
        }
        let policy = try await lambda.getPolicy(functionName: bed.function, qualifier: "live")
        #expect(!policy.contains("-url-") && policy.contains("apigateway.amazonaws.com"), "\(policy)")
        #expect(!(try await bed.plan([], probes: bare)).hasChanges)

        try bed.expectValidTraffic([
            "lambda:CreateFunctionUrlConfig", "lambda:GetFunctionUrlConfig", "lambda:UpdateFunctionUrlConfig",
            "lambda:DeleteFunctionUrlConfig", "lambda:AddPermission", "lambda:RemovePermission",
        ])
    }

    /// GetPolicy on the alias: anyone may call the URL of auth type NONE, and invoke the alias through it only.
    func expectPublicStatements(_ bed: TriggerMotoBed) async throws {
        let policy = try await Lambda(client: bed.client).getPolicy(functionName: bed.function, qualifier: "live")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(policy.utf8)) as? [String: Any])
        let statements = try #require(document["Statement"] as? [[String: Any]])
        func statement(_ sid: String) throws -> [String: Any] {
            try #require(statements.first { $0["Sid"] as? String == sid }, "\(policy)")
        }
        let url = try statement("\(bed.function)-url-public")
        #expect(url["Principal"] as? String == "*")
        #expect(url["Action"] as? String == "lambda:InvokeFunctionUrl")
        #expect(url["Resource"] as? String == "\(bed.functionArn):live")
        #expect(
            url["Condition"] as? [String: [String: String]] == [
                "StringEquals": ["lambda:FunctionUrlAuthType": "NONE"]
            ])
        let invoke = try statement("\(bed.function)-url-invoke")
        #expect(invoke["Principal"] as? String == "*")
        #expect(invoke["Action"] as? String == "lambda:InvokeFunction")
        #expect(invoke["Resource"] as? String == "\(bed.functionArn):live")
        #expect(
            invoke["Condition"] as? [String: [String: String]] == ["Bool": ["lambda:InvokedViaFunctionUrl": "true"]])
    }
}
