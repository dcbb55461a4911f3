import Foundation

/// A source of AWS credentials.
public protocol CredentialProvider: Sendable {
    /// Where credentials come from, for `hoist whoami`, e.g. `environment` or `profile dev (~/.aws/credentials)`.
    var source: String { get }
    /// The credentials, or nil when this source is not configured (the chain then tries the next).
    func credentials() async throws -> AWSCredentials?
}

/// Why no credentials could be had.
public struct CredentialError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure.
    public enum Code: String, Sendable {
        /// No source in the chain had credentials.
        case noCredentials
        /// The named profile is in neither shared file.
        case profileNotFound
        /// A profile or variable is set but incomplete or contradictory.
        case invalidConfiguration
        /// A file the configuration names could not be read.
        case unreadableFile
        /// The credential service (STS, container endpoint, IMDS) refused or gave an unreadable answer.
        case providerFailed
        /// A credential endpoint variable points where credentials must not be requested from.
        case untrustedEndpoint
    }

    /// The kind of failure.
    public var code: Code
    /// What happened and what to do.
    public var message: String
    /// The cause, e.g. an ``AWSError`` from STS.
    public var underlying: (any Error & Sendable)?

    /// Creates an error.
    public init(code: Code, message: String, underlying: (any Error & Sendable)? = nil) {
        self.code = code
        self.message = message
        self.underlying = underlying
    }

    /// The message, then the cause.
    public var description: String {
        underlying.map { "\(message): \($0)" } ?? message
    }
}

/// Credentials given explicitly (flags or tests).
public struct StaticCredentialProvider: CredentialProvider {
    /// The credentials.
    public let value: AWSCredentials
    /// Where they came from.
    public let source: String

    /// Creates a provider of fixed credentials.
    public init(_ value: AWSCredentials, source: String = "explicit") {
        self.value = value
        self.source = source
    }

    /// The fixed credentials.
    public func credentials() async throws -> AWSCredentials? { value }
}

/// `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and `AWS_SESSION_TOKEN`.
public struct EnvironmentCredentialProvider: CredentialProvider {
    let variables: [String: String]

    /// Creates a provider reading these variables.
    public init(variables: [String: String]) { self.variables = variables }

    /// `environment`.
    public var source: String { "environment" }

    /// The keys from the environment, or nil when `AWS_ACCESS_KEY_ID` is unset.
    public func credentials() async throws -> AWSCredentials? {
        guard let key = variables["AWS_ACCESS_KEY_ID"], !key.isEmpty else { return nil }
        guard let secret = variables["AWS_SECRET_ACCESS_KEY"], !secret.isEmpty else {
            throw CredentialError(
                code: .invalidConfiguration, message: "AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not")
        }
        let token = variables["AWS_SESSION_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
        return AWSCredentials(accessKeyId: key, secretAccessKey: secret, sessionToken: token)
    }
}

/// Parses the timestamps credential services return (`2026-11-26T16:00:00Z`, with or without fractions).
enum CredentialTimestamp {
    static func parse(_ text: String) -> Date? {
        let plain = ISO8601DateFormatter()
        if let date = plain.date(from: text) { return date }
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = fractional.date(from: text) { return date }
        if let seconds = Double(text) { return Date(timeIntervalSince1970: seconds) }
        return nil
    }
}

/// The JSON answer of the container and instance-metadata credential endpoints.
struct CredentialDocument: Decodable {
    var accessKeyId: String
    var secretAccessKey: String
    var token: String?
    var expiration: String?

    enum CodingKeys: String, CodingKey {
        case accessKeyId = "AccessKeyId"
        case secretAccessKey = "SecretAccessKey"
        case token = "Token"
        case expiration = "Expiration"
    }

    var credentials: AWSCredentials {
        AWSCredentials(
            accessKeyId: accessKeyId, secretAccessKey: secretAccessKey, sessionToken: token,
            expiration: expiration.flatMap(CredentialTimestamp.parse))
    }
}
