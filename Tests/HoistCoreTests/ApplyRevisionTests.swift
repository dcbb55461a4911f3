import Foundation
import HoistAWS
import Testing

@testable import HoistCore

/// Answers every request with one scripted response and keeps what it was sent.
final class ScriptedTransport: HTTPTransport, @unchecked Sendable {
    let answer: HTTPResponse
    private let lock = NSLock()
    private(set) var requests: [HTTPRequest] = []

    init(_ answer: HTTPResponse) { self.answer = answer }

    /// An engine context for `movies-api`/`dev` whose every call gets this transport's answer.
    static func context(_ transport: ScriptedTransport) -> EngineContext {
        let client = AWSClient(
            transport: transport,
            credentialProvider: StaticCredentialProvider(AWSCredentials(accessKeyId: "AKID", secretAccessKey: "s")),
            region: "us-east-1", environment: AWSEnvironment(variables: [:]), sleep: { _ in })
        return EngineContext(
            client: client,
            scope: DeploymentScope(project: "movies-api", stage: "dev", account: "123456789012", region: "us-east-1"))
    }

    func send(_ request: HTTPRequest, options: HTTPRequestOptions) async throws -> HTTPResponse {
        lock.withLock { requests.append(request) }
        return answer
    }
}

@Suite("Apply: optimistic concurrency on function updates")
struct ApplyRevisionTests {
    @Test("a code update names the plan's RevisionId, and Lambda's 412 becomes a clear refusal")
    func revisionMoved() async throws {
        let zip = FileManager.default.temporaryDirectory.appendingPathComponent("rev-\(UUID().uuidString).zip")
        try Data("zip".utf8).write(to: zip)
        defer { try? FileManager.default.removeItem(at: zip) }
        let transport = ScriptedTransport(
            HTTPResponse(
                status: 412, headers: [HTTPHeader("x-amzn-ErrorType", "PreconditionFailedException")],
                body: Array(#"{"message":"The Revision Id provided does not match the latest Revision Id."}"#.utf8)))
        let inputs = DeploymentInputs(
            project: "movies-api", stage: "dev", region: "us-east-1", account: "123456789012",
            code: .init(sha256Base64: "new", sha256Hex: "6e6577", bytes: 3, viaS3: false, path: zip.path))
        let function = try #require(DesiredStateBuilder.build(inputs).first { $0.kind == .function })
        var observed = function
        observed.identity = ResourceIdentity(revision: "rev-1")
        let plan = ResourcePlan(
            kind: .function, name: function.name, action: .update,
            changes: [AttributeChange(attribute: "code_sha256", before: .string("old"), after: .string("new"))],
            reason: "1 attribute differs", desired: function, observed: observed)
        let context = ScriptedTransport.context(transport)
        do {
            try await PlanApplier.applyOne(plan, context)
            Issue.record("a moved revision must stop the update")
        } catch let error as EngineError {
            #expect(error.message.contains("RevisionId moved"))
            #expect(error.message.contains("run `hoist plan` again"))
            #expect((error.underlying as? AWSError)?.status == 412)
        }
        #expect(transport.requests.count == 1, "a 412 is not retried")
        guard case .bytes(let body) = transport.requests.first?.body else {
            Issue.record("no body")
            return
        }
        #expect(String(decoding: body, as: UTF8.self).contains(#""RevisionId":"rev-1""#))
        #expect(transport.requests.first?.url.hasSuffix("/2015-03-31/functions/movies-api-dev/code") == true)
    }
}

@Suite("Apply: the code Lambda stored is the code planned")
struct CodeDigestTests {
    @Test("CreateFunction answering another CodeSha256 than the zip's is refused, naming both digests")
    func swappedCode() async throws {
        let zip = FileManager.default.temporaryDirectory.appendingPathComponent("swap-\(UUID().uuidString).zip")
        try Data("zip".utf8).write(to: zip)
        defer { try? FileManager.default.removeItem(at: zip) }
        let transport = ScriptedTransport(
            HTTPResponse(
                status: 201, headers: [HTTPHeader("Content-Type", "application/json")],
                body: Array(#"{"FunctionName":"movies-api-dev","CodeSha256":"c3dhcHBlZA=="}"#.utf8)))
        let inputs = DeploymentInputs(
            project: "movies-api", stage: "dev", region: "us-east-1", account: "123456789012",
            code: .init(
                sha256Base64: "cGxhbm5lZA==", sha256Hex: "706c616e6e6564", bytes: 3, viaS3: false, path: zip.path))
        let function = try #require(DesiredStateBuilder.build(inputs).first { $0.kind == .function })
        let plan = ResourcePlan(
            kind: .function, name: function.name, action: .create, changes: [], reason: "does not exist",
            desired: function, observed: nil)
        let context = ScriptedTransport.context(transport)
        await #expect {
            try await PlanApplier.applyOne(plan, context)
        } throws: { error in
            guard let error = error as? EngineError else { return false }
            return error.code == .artifactChanged && error.message.contains("c3dhcHBlZA==")
                && error.message.contains("cGxhbm5lZA==")
        }
        #expect(transport.requests.count == 1, "nothing after the refused create")
    }
}
