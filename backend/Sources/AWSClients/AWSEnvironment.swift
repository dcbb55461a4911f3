import HoistSigV4

/// Credentials, region and endpoints from the Lambda environment.
///
/// Credentials: `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN`. Region: `AWS_REGION`, then
/// `AWS_DEFAULT_REGION`. Endpoint override for local runs: `AWS_ENDPOINT_URL_<SERVICE>`, then `AWS_ENDPOINT_URL`.
public struct AWSEnvironment: Sendable, Equatable {
    /// The credentials.
    public var credentials: AWSCredentials
    /// The region.
    public var region: String
    /// The endpoint override, if any.
    public var endpointOverride: [String: String]

    /// Creates an environment.
    public init(credentials: AWSCredentials, region: String, endpointOverride: [String: String] = [:]) {
        self.credentials = credentials
        self.region = region
        self.endpointOverride = endpointOverride
    }

    /// Reads an environment; throws when credentials are missing.
    public init(environment: [String: String]) throws {
        guard let keyId = environment["AWS_ACCESS_KEY_ID"], !keyId.isEmpty,
            let secret = environment["AWS_SECRET_ACCESS_KEY"], !secret.isEmpty
        else {
            throw AWSClientError(
                code: "MissingCredentials", message: "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are required")
        }
        let token = environment["AWS_SESSION_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
        let region =
            [environment["AWS_REGION"], environment["AWS_DEFAULT_REGION"]].compactMap { $0 }
            .first { !$0.isEmpty } ?? "us-east-1"
        var overrides: [String: String] = [:]
        for (service, suffix) in [("dynamodb", "DYNAMODB"), ("secretsmanager", "SECRETS_MANAGER")] {
            if let url = environment["AWS_ENDPOINT_URL_\(suffix)"] ?? environment["AWS_ENDPOINT_URL"], !url.isEmpty {
                overrides[service] = url
            }
        }
        self.init(
            credentials: AWSCredentials(accessKeyId: keyId, secretAccessKey: secret, sessionToken: token),
            region: region, endpointOverride: overrides)
    }

    /// The endpoint of a service: the override, or `https://<service>.<region>.amazonaws.com`.
    public func endpoint(for service: String) -> String {
        var url = endpointOverride[service] ?? "https://\(service).\(region).amazonaws.com"
        while url.hasSuffix("/") { url.removeLast() }
        return url
    }
}
