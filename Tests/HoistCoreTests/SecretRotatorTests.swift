import Foundation
import HoistAWS
import Testing

@testable import HoistCore

/// An in-memory Secrets Manager behind the HTTP transport, with AWS's stage rules: moving AWSCURRENT moves
/// AWSPREVIOUS to the version it left; a token reused with another value is refused. `failNext` fails one
/// operation once (to interrupt a rotation).
final class MemorySecretsManager: HTTPTransport, @unchecked Sendable {
    struct Version {
        var value: String
        var stages: [String]
        var created: Double
    }
    private let lock = NSLock()
    private var versions: [String: Version] = [:]
    private var clock = 1_700_000_000.0
    private(set) var operations: [String] = []
    var failNext: String?
    /// Values as another process would corrupt them when read back (a failed read-back test).
    var corruptReads = false

    init(current: String, value: String) {
        versions[current] = Version(value: value, stages: ["AWSCURRENT"], created: clock)
    }

    var labels: [String: [String]] { lock.withLock { versions.mapValues { $0.stages.sorted() } } }
    var values: [String] { lock.withLock { versions.values.map(\.value) } }

    func send(_ request: HTTPRequest, options: HTTPRequestOptions) async throws -> HTTPResponse {
        let target = request.headers.first { $0.name == "X-Amz-Target" }?.value ?? ""
        let operation = String(target.split(separator: ".").last ?? "")
        guard case .bytes(let bytes) = request.body,
            let input = try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any]
        else { return Self.error("ValidationException") }
        return lock.withLock {
            operations.append(operation)
            if failNext == operation {
                failNext = nil
                return Self.error("InternalServiceError", status: 500)
            }
            return handle(operation, input)
        }
    }

    static func error(_ code: String, status: Int = 400) -> HTTPResponse {
        HTTPResponse(status: status, body: Array(#"{"__type":"\#(code)","message":"\#(code)"}"#.utf8))
    }

    static func ok(_ object: [String: Any]) -> HTTPResponse {
        HTTPResponse(status: 200, body: Array(try! JSONSerialization.data(withJSONObject: object)))
    }

    private func handle(_ operation: String, _ input: [String: Any]) -> HTTPResponse {
        switch operation {
        case "DescribeSecret":
            let labels = versions.filter { !$0.value.stages.isEmpty }.mapValues(\.stages)
            return Self.ok(["Name": input["SecretId"]!, "VersionIdsToStages": labels])
        case "ListSecretVersionIds":
            let list = versions.map {
                ["VersionId": $0.key, "VersionStages": $0.value.stages, "CreatedDate": $0.value.created]
            }
            return Self.ok(["Versions": list])
        case "GetSecretValue":
            let id = input["VersionId"] as? String
            let stage = input["VersionStage"] as? String ?? (id == nil ? "AWSCURRENT" : nil)
            guard
                let (versionId, version) = versions.first(where: { entry in
                    (id == nil || entry.key == id) && (stage == nil || entry.value.stages.contains(stage!))
                })
            else { return Self.error("ResourceNotFoundException") }
            return Self.ok([
                "VersionId": versionId, "SecretString": corruptReads ? "tampered" : version.value,
                "VersionStages": version.stages,
            ])
        case "PutSecretValue":
            let token = input["ClientRequestToken"] as! String
            let value = input["SecretString"] as! String
            let stages = input["VersionStages"] as? [String] ?? ["AWSCURRENT"]
            if let existing = versions[token] {
                return existing.value == value
                    ? Self.ok(["VersionId": token, "VersionStages": existing.stages])
                    : Self.error("ResourceExistsException")
            }
            for id in versions.keys { versions[id]!.stages.removeAll { stages.contains($0) } }
            clock += 1
            versions[token] = Version(value: value, stages: stages, created: clock)
            return Self.ok(["VersionId": token, "VersionStages": stages])
        case "UpdateSecretVersionStage":
            let stage = input["VersionStage"] as! String
            let to = input["MoveToVersionId"] as? String
            let from = input["RemoveFromVersionId"] as? String
            if let to {
                if let holder = versions.first(where: { $0.value.stages.contains(stage) })?.key, holder != to,
                    holder != from
                {
                    return Self.error("InvalidParameterException")
                }
                for id in versions.keys { versions[id]!.stages.removeAll { $0 == stage } }
                versions[to]?.stages.append(stage)
                if stage == "AWSCURRENT", let from, from != to {
                    for id in versions.keys { versions[id]!.stages.removeAll { $0 == "AWSPREVIOUS" } }
                    versions[from]?.stages.append("AWSPREVIOUS")
                }
            } else if let from {
                versions[from]?.stages.removeAll { $0 == stage }
            }
            return Self.ok([:])
        default:
            return Self.error("UnknownOperation")
        }
    }
}

@Suite("Secrets: rotation, set and status over an in-memory Secrets Manager")
struct SecretRotatorTests {
    static let initial = "initial-value-initial-value-initial-value"

    func client(_ transport: MemorySecretsManager) -> AWSClient {
        AWSClient(
            transport: transport,
            credentialProvider: StaticCredentialProvider(AWSCredentials(accessKeyId: "AKID", secretAccessKey: "s")),
            region: "us-east-1", environment: AWSEnvironment(variables: [:]), retry: RetryStrategy(maxAttempts: 1),
            sleep: { _ in })
    }

    @Test("rotate: new value AWSPENDING, read back, AWSCURRENT; old AWSPREVIOUS; same token again changes nothing")
    func rotateAndRerun() async throws {
        let aws = MemorySecretsManager(current: "v1", value: Self.initial)
        let rotator = SecretRotator(client: client(aws))
        let result = try await rotator.rotate(secretId: "p/dev/K", length: 48, token: "v2")
        #expect(result.currentVersionId == "v2")
        #expect(result.previousVersionId == "v1")
        #expect(!result.resumed && !result.unchanged)
        #expect(aws.labels == ["v1": ["AWSPREVIOUS"], "v2": ["AWSCURRENT"]])
        #expect(
            aws.operations.filter { $0 != "DescribeSecret" } == [
                "PutSecretValue", "GetSecretValue", "UpdateSecretVersionStage", "UpdateSecretVersionStage",
            ], "put, read back, AWSCURRENT moved, AWSPENDING removed")
        #expect(aws.values.allSatisfy { $0.utf8.count >= 32 })

        let again = try await rotator.rotate(secretId: "p/dev/K", length: 48, token: "v2")
        #expect(again.unchanged)
        #expect(aws.labels == ["v1": ["AWSPREVIOUS"], "v2": ["AWSCURRENT"]])

        _ = try await rotator.rotate(secretId: "p/dev/K", length: 48, token: "v3")
        #expect(aws.labels == ["v1": [], "v2": ["AWSPREVIOUS"], "v3": ["AWSCURRENT"]])
    }

    @Test("an interrupted rotation (AWSPENDING left behind) is completed by the next run, not duplicated")
    func interruptedIsCompleted() async throws {
        let aws = MemorySecretsManager(current: "v1", value: Self.initial)
        aws.failNext = "UpdateSecretVersionStage"
        let rotator = SecretRotator(client: client(aws))
        await #expect(throws: SecretRotationError.self) {
            _ = try await rotator.rotate(secretId: "p/dev/K", length: 32, token: "v2")
        }
        #expect(aws.labels == ["v1": ["AWSCURRENT"], "v2": ["AWSPENDING"]])
        let (step, _) = try await rotator.dryRun(secretId: "p/dev/K", token: "v9")
        #expect(step == .resume(versionId: "v2"))

        let result = try await rotator.rotate(secretId: "p/dev/K", length: 32, token: "v9")
        #expect(result.resumed)
        #expect(result.currentVersionId == "v2")
        #expect(aws.labels == ["v1": ["AWSPREVIOUS"], "v2": ["AWSCURRENT"]])
    }

    @Test("an AWSPENDING version holding the current value (not a new key) is withdrawn, and a new key made")
    func pendingCopyOfCurrent() async throws {
        let aws = MemorySecretsManager(current: "v1", value: Self.initial)
        let rotator = SecretRotator(client: client(aws))
        _ = try await rotator.secrets.putSecretValue(
            id: "p/dev/K", value: SecretValue(Self.initial), clientRequestToken: "copy", versionStages: ["AWSPENDING"])
        let result = try await rotator.rotate(secretId: "p/dev/K", length: 32, token: "v2")
        #expect(!result.resumed)
        #expect(aws.labels == ["v1": ["AWSPREVIOUS"], "copy": [], "v2": ["AWSCURRENT"]])
        #expect(Set(aws.values).count == 2, "the new current value differs from the old one")
        // The same with the copy's own token: a fresh token is used (the copy's id cannot take another value).
        _ = try await rotator.secrets.putSecretValue(
            id: "p/dev/K", value: SecretValue(aws.values.first { $0 != Self.initial }!), clientRequestToken: "copy2",
            versionStages: ["AWSPENDING"])
        let again = try await rotator.rotate(secretId: "p/dev/K", length: 32, token: "copy2")
        #expect(again.currentVersionId != "copy2" && again.currentVersionId != "v2")
    }

    @Test("a value that does not read back unchanged stops before AWSCURRENT moves")
    func readBackMismatch() async throws {
        let aws = MemorySecretsManager(current: "v1", value: Self.initial)
        aws.corruptReads = true
        let error = await #expect(throws: SecretRotationError.self) {
            _ = try await SecretRotator(client: client(aws)).rotate(secretId: "p/dev/K", length: 32, token: "v2")
        }
        #expect(error?.code == "TestFailed")
        #expect(aws.labels["v1"] == ["AWSCURRENT"])
    }

    @Test("set: the given value through the same path; a stale AWSPENDING is withdrawn; short values refused")
    func setValue() async throws {
        let aws = MemorySecretsManager(current: "v1", value: Self.initial)
        aws.failNext = "UpdateSecretVersionStage"
        let rotator = SecretRotator(client: client(aws))
        _ = try? await rotator.rotate(secretId: "p/dev/K", length: 32, token: "stale")
        let value = SecretValue(String(repeating: "s", count: 40))
        let result = try await rotator.set(secretId: "p/dev/K", value: value, token: "v2")
        #expect(result.currentVersionId == "v2")
        #expect(aws.labels == ["v1": ["AWSPREVIOUS"], "stale": [], "v2": ["AWSCURRENT"]])
        await #expect(throws: SecretRotationError.self) {
            _ = try await rotator.set(secretId: "p/dev/K", value: SecretValue("short"))
        }
        #expect("\(result)".contains("v2"))
        #expect(!"\(result)".contains(value.exposed))
    }

    @Test("status: newest first, ties by stage; due from rotate_every; never a value")
    func status() throws {
        let now = Date(timeIntervalSince1970: 1_700_000_000)
        let description = SecretDescription(
            arn: "arn", name: "p/dev/K", versionIdsToStages: ["v3": ["AWSCURRENT"], "v2": ["AWSPREVIOUS"]],
            rotationEnabled: false)
        let day = 86_400.0
        let versions = [
            SecretVersionEntry(versionId: "v1", versionStages: [], createdDate: now.addingTimeInterval(-40 * day)),
            SecretVersionEntry(
                versionId: "v2", versionStages: ["AWSPREVIOUS"], createdDate: now.addingTimeInterval(-31 * day)),
            SecretVersionEntry(
                versionId: "v3", versionStages: ["AWSCURRENT"], createdDate: now.addingTimeInterval(-31 * day)),
        ]
        let status = SecretStatus.make(
            name: "K", secretId: "p/dev/K", rotateEveryDays: 30, description: description, versions: versions, now: now)
        #expect(status.versions.map(\.versionId) == ["v3", "v2", "v1"])
        #expect(status.versions.map(\.stages) == [["AWSCURRENT"], ["AWSPREVIOUS"], []])
        #expect(status.isDue)
        let fresh = SecretStatus.make(
            name: "K", secretId: "p/dev/K", rotateEveryDays: 60, description: description, versions: versions, now: now)
        #expect(!fresh.isDue)
        let text = SecretStatus.text([status])
        #expect(text.contains("rotation DUE"))
        #expect(text.contains("v3  AWSCURRENT"))
        let missing = SecretStatus.make(
            name: "K", secretId: "p/dev/K", rotateEveryDays: nil, description: nil, versions: [], now: now)
        #expect(SecretStatus.text([missing]).contains("not created yet"))
    }
}
