import Foundation

/// The identity behind a set of credentials.
public struct CallerIdentity: Sendable, Equatable {
    /// The 12-digit account id.
    public var account: String
    /// The caller's ARN.
    public var arn: String
    /// The unique id of the user or role session.
    public var userId: String
}

/// Temporary credentials from an assumed role.
public struct AssumedRole: Sendable, Equatable {
    /// The credentials, with their expiry.
    public var credentials: AWSCredentials
    /// The assumed-role session's ARN.
    public var assumedRoleArn: String
}

/// AWS Security Token Service.
public struct STS: Sendable {
    /// The client calls go through.
    public let client: AWSClient

    /// Creates the service on a client.
    public init(client: AWSClient) { self.client = client }

    /// GetCallerIdentity: who the credentials belong to.
    public func getCallerIdentity() async throws -> CallerIdentity {
        let result = try await client.query(.sts, "GetCallerIdentity", [])
        return CallerIdentity(
            account: result.path("Account") ?? "", arn: result.path("Arn") ?? "", userId: result.path("UserId") ?? "")
    }

    /// AssumeRole: temporary credentials for a role, signed with the client's credentials.
    public func assumeRole(
        roleArn: String, sessionName: String, durationSeconds: Int? = nil, externalId: String? = nil
    ) async throws -> AssumedRole {
        var parameters = [("RoleArn", roleArn), ("RoleSessionName", sessionName)]
        if let durationSeconds { parameters.append(("DurationSeconds", String(durationSeconds))) }
        if let externalId { parameters.append(("ExternalId", externalId)) }
        return try Self.assumedRole(try await client.query(.sts, "AssumeRole", parameters), operation: "AssumeRole")
    }

    /// AssumeRoleWithWebIdentity: temporary credentials for an OIDC token; sent unsigned.
    public func assumeRoleWithWebIdentity(
        roleArn: String, sessionName: String, webIdentityToken: String, durationSeconds: Int? = nil
    ) async throws -> AssumedRole {
        var parameters = [
            ("RoleArn", roleArn), ("RoleSessionName", sessionName), ("WebIdentityToken", webIdentityToken),
        ]
        if let durationSeconds { parameters.append(("DurationSeconds", String(durationSeconds))) }
        let result = try await client.with(credentialProvider: nil).query(
            .sts, "AssumeRoleWithWebIdentity", parameters)
        return try Self.assumedRole(result, operation: "AssumeRoleWithWebIdentity")
    }

    static func assumedRole(_ result: AWSXMLNode, operation: String) throws -> AssumedRole {
        guard let node = result.child("Credentials"), let key = node.path("AccessKeyId"),
            let secret = node.path("SecretAccessKey")
        else {
            throw AWSError(
                service: "sts", operation: operation, status: 200, code: "InvalidResponse",
                message: "the answer holds no credentials")
        }
        return AssumedRole(
            credentials: AWSCredentials(
                accessKeyId: key, secretAccessKey: secret, sessionToken: node.path("SessionToken"),
                expiration: node.path("Expiration").flatMap(CredentialTimestamp.parse)),
            assumedRoleArn: result.path("AssumedRoleUser", "Arn") ?? "")
    }
}
