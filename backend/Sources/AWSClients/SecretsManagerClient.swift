/// Secrets Manager's GetSecretValue (json 1.1). Secret values are never logged or put in errors.
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

    struct Input: Encodable {
        var SecretId: String
        var VersionStage: String
    }

    /// The version of `secretId` at `stage` (`AWSCURRENT`, `AWSPREVIOUS`).
    public func getSecretValue(secretId: String, stage: String) async throws -> SecretValue {
        try await client.call("GetSecretValue", Input(SecretId: secretId, VersionStage: stage), as: SecretValue.self)
    }
}
