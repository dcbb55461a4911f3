import Foundation

/// `AWS_ROLE_ARN` + `AWS_WEB_IDENTITY_TOKEN_FILE` (or a profile's `role_arn` + `web_identity_token_file`):
/// the OIDC token exchanged through STS AssumeRoleWithWebIdentity, which is how CI deploys with OIDC.
public struct WebIdentityCredentialProvider: CredentialProvider {
    let roleArn: String?
    let tokenFile: String?
    let sessionName: String?
    let sts: STS
    let origin: String

    /// Creates a provider from the environment's variables.
    public init(variables: [String: String], sts: STS) {
        self.init(
            roleArn: variables["AWS_ROLE_ARN"], tokenFile: variables["AWS_WEB_IDENTITY_TOKEN_FILE"],
            sessionName: variables["AWS_ROLE_SESSION_NAME"], sts: sts, origin: "environment")
    }

    /// Creates a provider from explicit settings.
    public init(roleArn: String?, tokenFile: String?, sessionName: String?, sts: STS, origin: String) {
        self.roleArn = roleArn.flatMap { $0.isEmpty ? nil : $0 }
        self.tokenFile = tokenFile.flatMap { $0.isEmpty ? nil : $0 }
        self.sessionName = sessionName
        self.sts = sts
        self.origin = origin
    }

    /// `web identity (role …)`.
    public var source: String { "web identity (\(origin), role \(roleArn ?? "?"))" }

    /// Reads the token file and exchanges the token; nil when neither variable is set.
    public func credentials() async throws -> AWSCredentials? {
        guard roleArn != nil || tokenFile != nil else { return nil }
        guard let roleArn, let tokenFile else {
            throw CredentialError(
                code: .invalidConfiguration,
                message: "web identity needs both AWS_ROLE_ARN and AWS_WEB_IDENTITY_TOKEN_FILE (\(origin))")
        }
        let token: String
        do {
            token = try String(contentsOfFile: tokenFile, encoding: .utf8).trimmingCharacters(
                in: .whitespacesAndNewlines)
        } catch {
            throw CredentialError(
                code: .unreadableFile, message: "cannot read the web identity token file \(tokenFile)")
        }
        do {
            return try await sts.assumeRoleWithWebIdentity(
                roleArn: roleArn, sessionName: sessionName ?? "hoist-\(Int(Date().timeIntervalSince1970))",
                webIdentityToken: token
            ).credentials
        } catch let error as AWSError {
            throw CredentialError(code: .providerFailed, message: "AssumeRoleWithWebIdentity failed", underlying: error)
        }
    }
}

/// A profile of the shared files: static keys, or `role_arn` with `source_profile`, `credential_source`
/// or `web_identity_token_file`.
public struct ProfileCredentialProvider: CredentialProvider {
    let profile: String
    let config: SharedConfig
    let variables: [String: String]
    let sts: STS
    let explicitlyChosen: Bool

    /// Creates a provider; `explicitlyChosen` (by `--profile` or `AWS_PROFILE`) makes a missing profile an error.
    public init(profile: String, config: SharedConfig, variables: [String: String], sts: STS, explicitlyChosen: Bool) {
        self.profile = profile
        self.config = config
        self.variables = variables
        self.sts = sts
        self.explicitlyChosen = explicitlyChosen
    }

    /// `profile NAME (files)`.
    public var source: String {
        "profile \(profile)" + (config.sources.isEmpty ? "" : " (\(config.sources.joined(separator: ", ")))")
    }

    /// The profile's credentials, assuming roles as it says; nil when the profile is absent and not chosen.
    public func credentials() async throws -> AWSCredentials? {
        guard config.profile(profile) != nil else {
            if explicitlyChosen {
                throw CredentialError(
                    code: .profileNotFound,
                    message: "profile '\(profile)' is in none of "
                        + (config.sources.isEmpty
                            ? "the shared files (none found)" : config.sources.joined(separator: ", ")))
            }
            return nil
        }
        return try await resolve(profile, visited: [])
    }

    func resolve(_ name: String, visited: [String]) async throws -> AWSCredentials {
        guard let settings = config.profile(name) else {
            throw CredentialError(
                code: .profileNotFound, message: "profile '\(name)' (a source_profile) is not defined")
        }
        if visited.contains(name) {
            throw CredentialError(
                code: .invalidConfiguration,
                message: "source_profile loop: \((visited + [name]).joined(separator: " → "))")
        }
        if let roleArn = settings["role_arn"] {
            let sessionName = settings["role_session_name"] ?? "hoist-\(Int(Date().timeIntervalSince1970))"
            if let tokenFile = settings["web_identity_token_file"] {
                let provider = WebIdentityCredentialProvider(
                    roleArn: roleArn, tokenFile: tokenFile, sessionName: sessionName, sts: sts,
                    origin: "profile \(name)")
                return try await provider.credentials()!
            }
            let source: AWSCredentials
            if let sourceProfile = settings["source_profile"] {
                // A profile that names itself as source uses its own static keys.
                if sourceProfile == name, let keys = staticKeys(settings) {
                    source = keys
                } else {
                    source = try await resolve(sourceProfile, visited: visited + [name])
                }
            } else if settings["credential_source"] == "Environment" {
                guard let keys = try await EnvironmentCredentialProvider(variables: variables).credentials() else {
                    throw CredentialError(
                        code: .invalidConfiguration,
                        message: "profile '\(name)' has credential_source = Environment but no keys are set")
                }
                source = keys
            } else {
                throw CredentialError(
                    code: .invalidConfiguration,
                    message: "profile '\(name)' has role_arn but no source_profile, credential_source "
                        + "or web_identity_token_file")
            }
            do {
                let assumed = sts.client.with(credentialProvider: StaticCredentialProvider(source))
                let durationSeconds = settings["duration_seconds"].flatMap { Int($0) }
                return try await STS(client: assumed).assumeRole(
                    roleArn: roleArn, sessionName: sessionName, durationSeconds: durationSeconds,
                    externalId: settings["external_id"]
                ).credentials
            } catch let error as AWSError {
                throw CredentialError(
                    code: .providerFailed, message: "AssumeRole of \(roleArn) for profile '\(name)' failed",
                    underlying: error)
            }
        }
        guard let keys = staticKeys(settings) else {
            throw CredentialError(
                code: .invalidConfiguration,
                message: "profile '\(name)' has neither aws_access_key_id/aws_secret_access_key nor role_arn")
        }
        return keys
    }

    func staticKeys(_ settings: [String: String]) -> AWSCredentials? {
        guard let key = settings["aws_access_key_id"], let secret = settings["aws_secret_access_key"] else {
            return nil
        }
        return AWSCredentials(accessKeyId: key, secretAccessKey: secret, sessionToken: settings["aws_session_token"])
    }
}

/// ECS/EKS container credentials: `AWS_CONTAINER_CREDENTIALS_RELATIVE_URI` (against 169.254.170.2) or
/// `AWS_CONTAINER_CREDENTIALS_FULL_URI`, with `AWS_CONTAINER_AUTHORIZATION_TOKEN(_FILE)`.
public struct ContainerCredentialProvider: CredentialProvider {
    let variables: [String: String]
    let transport: any HTTPTransport

    /// Creates a provider reading these variables and calling through this transport.
    public init(variables: [String: String], transport: any HTTPTransport) {
        self.variables = variables
        self.transport = transport
    }

    /// `container credentials (URL)`.
    public var source: String {
        let url = try? ContainerCredentialURI.resolve(variables)
        return "container credentials (\(url ?? "unset or refused"))"
    }

    /// Fetches the credentials document; nil when neither variable is set.
    /// - Throws: ``CredentialError`` `.untrustedEndpoint` for a URI the SDKs' rules refuse.
    public func credentials() async throws -> AWSCredentials? {
        guard let url = try ContainerCredentialURI.resolve(variables) else { return nil }
        var headers: [HTTPHeader] = []
        if let tokenFile = variables["AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE"], !tokenFile.isEmpty {
            guard let token = try? String(contentsOfFile: tokenFile, encoding: .utf8) else {
                throw CredentialError(code: .unreadableFile, message: "cannot read \(tokenFile)")
            }
            headers.append(HTTPHeader("Authorization", token.trimmingCharacters(in: .whitespacesAndNewlines)))
        } else if let token = variables["AWS_CONTAINER_AUTHORIZATION_TOKEN"], !token.isEmpty {
            headers.append(HTTPHeader("Authorization", token))
        }
        if headers.contains(where: { $0.value.unicodeScalars.contains { $0 == "\r" || $0 == "\n" } }) {
            throw CredentialError(
                code: .invalidConfiguration,
                message: "the container authorization token contains a line break; it was not sent")
        }
        return try await MetadataFetch.document(
            HTTPRequest(method: "GET", url: url, headers: headers), transport: transport, what: "container credentials")
    }
}

/// EC2 instance metadata (IMDSv2): a session token by PUT, then the instance role's credentials.
public struct InstanceMetadataCredentialProvider: CredentialProvider {
    let variables: [String: String]
    let transport: any HTTPTransport

    /// Creates a provider; `AWS_EC2_METADATA_SERVICE_ENDPOINT` overrides the address,
    /// `AWS_EC2_METADATA_DISABLED=true` turns it off.
    public init(variables: [String: String], transport: any HTTPTransport) {
        self.variables = variables
        self.transport = transport
    }

    var endpoint: String {
        let value = variables["AWS_EC2_METADATA_SERVICE_ENDPOINT"] ?? "http://169.254.169.254"
        return value.hasSuffix("/") ? String(value.dropLast()) : value
    }

    /// `instance metadata (IMDSv2)`.
    public var source: String { "instance metadata (IMDSv2, \(endpoint))" }

    /// The instance role's credentials; nil when disabled or when no metadata service answers.
    public func credentials() async throws -> AWSCredentials? {
        if variables["AWS_EC2_METADATA_DISABLED"]?.lowercased() == "true" { return nil }
        let options = HTTPRequestOptions(connectTimeout: 1, totalTimeout: 2, maxResponseBytes: 1 << 20)
        let tokenResponse: HTTPResponse
        do {
            tokenResponse = try await transport.send(
                HTTPRequest(
                    method: "PUT", url: "\(endpoint)/latest/api/token",
                    headers: [HTTPHeader("X-aws-ec2-metadata-token-ttl-seconds", "21600")]),
                options: options)
        } catch {
            return nil  // not on EC2
        }
        guard tokenResponse.status == 200 else {
            throw CredentialError(
                code: .providerFailed, message: "IMDSv2 token request answered HTTP \(tokenResponse.status)")
        }
        let token = [HTTPHeader("X-aws-ec2-metadata-token", String(decoding: tokenResponse.body, as: UTF8.self))]
        let base = "\(endpoint)/latest/meta-data/iam/security-credentials/"
        let roleResponse = try await transport.send(
            HTTPRequest(method: "GET", url: base, headers: token), options: options)
        guard roleResponse.status == 200,
            let role = String(decoding: roleResponse.body, as: UTF8.self).split(separator: "\n").first
        else {
            throw CredentialError(
                code: .providerFailed, message: "the instance has no IAM role (HTTP \(roleResponse.status))")
        }
        return try await MetadataFetch.document(
            HTTPRequest(method: "GET", url: base + role, headers: token), transport: transport,
            what: "instance metadata credentials", options: options)
    }
}

enum MetadataFetch {
    static func document(
        _ request: HTTPRequest, transport: any HTTPTransport, what: String,
        options: HTTPRequestOptions = HTTPRequestOptions(connectTimeout: 2, totalTimeout: 5, maxResponseBytes: 1 << 20)
    ) async throws -> AWSCredentials {
        let response: HTTPResponse
        do {
            response = try await transport.send(request, options: options)
        } catch let error as TransportError {
            throw CredentialError(code: .providerFailed, message: "\(what): no answer", underlying: error)
        }
        guard response.status == 200 else {
            throw CredentialError(code: .providerFailed, message: "\(what): HTTP \(response.status)")
        }
        do {
            return try JSONDecoder().decode(CredentialDocument.self, from: Data(response.body)).credentials
        } catch {
            throw CredentialError(code: .providerFailed, message: "\(what): unreadable document")
        }
    }
}
