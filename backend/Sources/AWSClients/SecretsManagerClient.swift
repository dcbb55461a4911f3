/// Secrets Manager (json 1.1): what the API reads and what the rotation handler writes.
/// Secret values are never logged or put in errors.
public struct SecretsManagerClient: Sendable {
    /// The JSON-protocol client underneath.
    public let client: AWSJSONClient

    /// Creates a client.
    public init(environment: AWSEnvironment, transport: any AWSHTTPTransport = NIOAWSTransport.shared) {
        client = AWSJSONClient(
            service: "secretsmanager", targetPrefix: "secretsmanager", jsonVersion: "1.1", environment: environment,
            transport: transport)
    }

    /// One version of a secret.
    public struct SecretValue: Decodable, Sendable, Equatable {
        /// The version id.
        public var VersionId: String
        /// The string value.
        public var SecretString: String?
        /// The stages on this version.
        public var VersionStages: [String]?
    }

    /// DescribeSecret's answer, the parts rotation reads.
    public struct Description: Decodable, Sendable, Equatable {
        /// The ARN.
        public var ARN: String?
        /// The name.
        public var Name: String?
        /// Whether native rotation is on.
        public var RotationEnabled: Bool?
        /// Version id → staging labels.
        public var VersionIdsToStages: [String: [String]]?
    }

    struct Input: Encodable {
        var SecretId: String
        var VersionId: String?
        var VersionStage: String?
    }

    /// The version of `secretId` at `stage` (`AWSCURRENT`, `AWSPREVIOUS`).
    public func getSecretValue(secretId: String, stage: String) async throws -> SecretValue {
        try await client.call(
            "GetSecretValue", Input(SecretId: secretId, VersionStage: stage), as: SecretValue.self)
    }

    /// The version `versionId`, which must also hold `stage` when one is given.
    public func getSecretValue(secretId: String, versionId: String, stage: String?) async throws -> SecretValue {
        try await client.call(
            "GetSecretValue", Input(SecretId: secretId, VersionId: versionId, VersionStage: stage),
            as: SecretValue.self)
    }

    /// DescribeSecret: the stages of every version, no value.
    public func describeSecret(secretId: String) async throws -> Description {
        try await client.call("DescribeSecret", Input(SecretId: secretId), as: Description.self)
    }

    /// PutSecretValue: a new version under `token` (its VersionId) with the given stages.
    public func putSecretValue(secretId: String, token: String, value: String, stages: [String]) async throws {
        struct PutInput: Encodable {
            var SecretId: String
            var ClientRequestToken: String
            var SecretString: String
            var VersionStages: [String]
        }
        struct Empty: Decodable {}
        _ = try await client.call(
            "PutSecretValue",
            PutInput(SecretId: secretId, ClientRequestToken: token, SecretString: value, VersionStages: stages),
            as: Empty.self)
    }

    /// UpdateSecretVersionStage: moves `stage` onto `moveTo` and off `removeFrom` (either may be nil).
    public func updateSecretVersionStage(
        secretId: String, stage: String, moveTo: String?, removeFrom: String?
    ) async throws {
        struct StageInput: Encodable {
            var SecretId: String
            var VersionStage: String
            var MoveToVersionId: String?
            var RemoveFromVersionId: String?
        }
        struct Empty: Decodable {}
        _ = try await client.call(
            "UpdateSecretVersionStage",
            StageInput(
                SecretId: secretId, VersionStage: stage, MoveToVersionId: moveTo, RemoveFromVersionId: removeFrom),
            as: Empty.self)
    }
}
