import Foundation
import HoistAWS
import HoistTestSupport
import Testing

@testable import HoistCore

/// `FunctionInvoker`: Lambda's "not found" told apart (function or alias) with one read, and "denied" explained.
@Suite("invoke: not found and denied")
struct FunctionInvokerTests {
    static let alias = InvokeTarget(functionName: "shop-dev", qualifier: .alias("live"))

    static func invoker(_ transport: FakeTransport) -> FunctionInvoker {
        FunctionInvoker(
            lambda: Lambda(
                client: AWSClient(
                    transport: transport,
                    credentialProvider: StaticCredentialProvider(
                        AWSCredentials(accessKeyId: "AKID", secretAccessKey: "s")),
                    region: "eu-west-1", environment: AWSEnvironment(variables: [:]), sleep: { _ in })))
    }

    /// Lambda's error answer: status, x-amzn-ErrorType, x-amzn-RequestId, {"Type","message"}.
    static func error(_ status: Int, _ code: String, _ message: String) -> FakeTransport.Step {
        .respond(
            .text(
                status, #"{"Type":"User","message":"\#(message)"}"#,
                headers: [HTTPHeader("x-amzn-ErrorType", code), HTTPHeader("x-amzn-RequestId", "rid-\(status)")]))
    }

    static let notFound = error(
        404, "ResourceNotFoundException", "Function not found: arn:aws:lambda:eu-west-1:1:function:shop-dev:live")

    static func failure(_ transport: FakeTransport, _ target: InvokeTarget = alias) async -> InvokeError? {
        do {
            _ = try await invoker(transport).invoke(target, payload: Array("{}".utf8), tail: false)
            return nil
        } catch {
            return error as? InvokeError
        }
    }

    @Test("the function exists but not the alias: deploy again to create it, or --version '$LATEST'")
    func missingAlias() async throws {
        let transport = FakeTransport([Self.notFound, .respond(.text(200, #"{"FunctionName":"shop-dev"}"#))])
        let error = try #require(await Self.failure(transport))
        #expect(error.code == .notFound)
        #expect(
            error.message.hasPrefix("lambda Invoke failed: ResourceNotFoundException (HTTP 404): Function not found"))
        #expect(error.message.contains("[request id rid-404]"))
        #expect(
            error.hint
                == "shop-dev has no alias live (stages deployed before hoist made aliases have none): deploy again "
                + "to create the alias, or pass --version '$LATEST'")
        #expect(transport.requests.last?.url.hasSuffix("/2015-03-31/functions/shop-dev/configuration") == true)
    }

    @Test("the function does not exist either: not deployed in the region")
    func missingFunction() async throws {
        let transport = FakeTransport([
            Self.notFound, Self.error(404, "ResourceNotFoundException", "Function not found"),
        ])
        let error = try #require(await Self.failure(transport))
        #expect(
            error.hint == "shop-dev is not deployed in eu-west-1: run `hoist deploy` (or check --stage and --region)")
    }

    @Test("the follow-up read is refused: the hint names both")
    func followUpDenied() async throws {
        let transport = FakeTransport([Self.notFound, Self.error(403, "AccessDeniedException", "no")])
        let error = try #require(await Self.failure(transport))
        #expect(error.hint?.hasPrefix("either shop-dev or its alias live does not exist") == true)
    }

    @Test("unqualified: no follow-up read; a missing version names the version")
    func otherQualifiers() async throws {
        let unqualified = FakeTransport([Self.notFound])
        let error = try #require(
            await Self.failure(unqualified, InvokeTarget(functionName: "shop-dev", qualifier: .unqualified)))
        #expect(error.hint?.hasPrefix("shop-dev is not deployed") == true)
        #expect(unqualified.callCount == 1)
        let version = FakeTransport([Self.notFound, .respond(.text(200, "{}"))])
        let missing = try #require(
            await Self.failure(version, InvokeTarget(functionName: "shop-dev", qualifier: .version("9"))))
        #expect(missing.hint == "shop-dev has no version 9: pass a published version, or --version '$LATEST'")
    }

    @Test("denied: the hint names lambda:InvokeFunction and that the deployer policy lacks it")
    func denied() async throws {
        let transport = FakeTransport([Self.error(403, "AccessDeniedException", "not authorized")])
        let error = try #require(await Self.failure(transport))
        #expect(error.code == .accessDenied)
        #expect(error.hint?.contains("lambda:InvokeFunction") == true)
        #expect(error.hint?.contains("--print-deployer-policy") == true)
    }

    @Test("other errors pass as AWSError; a function error is an answer")
    func passThrough() async throws {
        let conflict = FakeTransport([Self.error(409, "ResourceConflictException", "pending")])
        await #expect(throws: AWSError.self) {
            try await Self.invoker(conflict).invoke(Self.alias, payload: [], tail: false)
        }
        let failed = FakeTransport([
            .respond(.text(200, #"{"errorType":"X"}"#, headers: [HTTPHeader("X-Amz-Function-Error", "Unhandled")]))
        ])
        let answer = try await Self.invoker(failed).invoke(Self.alias, payload: [], tail: true)
        #expect(answer.functionError == "Unhandled")
        #expect(failed.requests.first?.header("X-Amz-Log-Type") == "Tail")
    }
}
