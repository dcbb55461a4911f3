import Foundation
import HoistSigV4

/// A secret's value, which never prints: `description` is `(sensitive)`.
public struct SecretValue: Sendable, Equatable, Codable, CustomStringConvertible, CustomDebugStringConvertible {
    /// The value itself; read it only to use it.
    public let exposed: String

    /// Wraps a value.
    public init(_ exposed: String) { self.exposed = exposed }

    /// The SHA-256 of the value's UTF-8 bytes, hex: compares two reads without keeping the value around.
    public var sha256Hex: String { SigV4Signer.hexSHA256(Array(exposed.utf8)) }

    /// `(sensitive)`.
    public var description: String { "(sensitive)" }
    /// `(sensitive)`.
    public var debugDescription: String { "(sensitive)" }

    /// Decodes from a plain string.
    public init(from decoder: any Decoder) throws {
        exposed = try decoder.singleValueContainer().decode(String.self)
    }

    /// Encodes as a plain string (request bodies only).
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(exposed)
    }
}

/// A tag as Secrets Manager and DynamoDB carry it.
public struct AWSTag: Codable, Sendable, Equatable {
    /// The key.
    public var key: String
    /// The value.
    public var value: String

    /// Creates a tag.
    public init(key: String, value: String) {
        self.key = key
        self.value = value
    }

    /// Tags from a dictionary, sorted by key.
    public static func list(_ tags: [String: String]) -> [AWSTag] {
        tags.sorted { $0.key < $1.key }.map { AWSTag(key: $0.key, value: $0.value) }
    }
}

/// DescribeSecret's answer.
public struct SecretDescription: Codable, Sendable, Equatable {
    /// The ARN.
    public var arn: String?
    /// The name.
    public var name: String?
    /// The description.
    public var description: String?
    /// Version id → staging labels.
    public var versionIdsToStages: [String: [String]]?
    /// Whether native rotation is on.
    public var rotationEnabled: Bool?
    /// The function Secrets Manager invokes to rotate, when native rotation is configured.
    public var rotationLambdaARN: String?
    /// The rotation schedule, when native rotation is configured.
    public var rotationRules: SecretRotationRules?
    /// When the secret was last rotated.
    public var lastRotatedDate: Date?
    /// When Secrets Manager rotates next.
    public var nextRotationDate: Date?
    /// When it was scheduled for deletion.
    public var deletedDate: Date?
    /// When it was created.
    public var createdDate: Date?
    /// Tags.
    public var tags: [AWSTag]?

    /// Creates a description (tests and fakes; AWS's answers are decoded).
    public init(
        arn: String? = nil, name: String? = nil, versionIdsToStages: [String: [String]]? = nil,
        rotationEnabled: Bool? = nil, lastRotatedDate: Date? = nil, deletedDate: Date? = nil
    ) {
        self.arn = arn
        self.name = name
        self.versionIdsToStages = versionIdsToStages
        self.rotationEnabled = rotationEnabled
        self.lastRotatedDate = lastRotatedDate
        self.deletedDate = deletedDate
    }
}

/// A native rotation schedule: every N days, or a schedule expression.
public struct SecretRotationRules: Codable, Sendable, Equatable {
    /// Days between rotations.
    public var automaticallyAfterDays: Int?
    /// A `rate(...)` or `cron(...)` expression, instead of days.
    public var scheduleExpression: String?

    /// Creates rules.
    public init(automaticallyAfterDays: Int? = nil, scheduleExpression: String? = nil) {
        self.automaticallyAfterDays = automaticallyAfterDays
        self.scheduleExpression = scheduleExpression
    }
}

/// One entry of ListSecretVersionIds: a version's id, stages and dates, never its value.
public struct SecretVersionEntry: Codable, Sendable, Equatable {
    /// The version id.
    public var versionId: String
    /// Its staging labels (empty for a version no stage points at).
    public var versionStages: [String]?
    /// When it was created.
    public var createdDate: Date?
    /// When it was last read (day precision).
    public var lastAccessedDate: Date?

    /// Creates an entry.
    public init(
        versionId: String, versionStages: [String]? = nil, createdDate: Date? = nil, lastAccessedDate: Date? = nil
    ) {
        self.versionId = versionId
        self.versionStages = versionStages
        self.createdDate = createdDate
        self.lastAccessedDate = lastAccessedDate
    }
}

/// GetSecretValue's answer.
public struct SecretVersion: Codable, Sendable, Equatable {
    /// The ARN.
    public var arn: String?
    /// The name.
    public var name: String?
    /// The version id.
    public var versionId: String?
    /// The value.
    public var secretString: SecretValue?
    /// The version's staging labels.
    public var versionStages: [String]?
    /// When this version was created.
    public var createdDate: Date?
}

/// CreateSecret's and PutSecretValue's answer.
public struct SecretVersionReference: Codable, Sendable, Equatable {
    /// The ARN.
    public var arn: String?
    /// The name.
    public var name: String?
    /// The new version's id.
    public var versionId: String?
    /// The new version's staging labels.
    public var versionStages: [String]?
}

/// AWS Secrets Manager.
public struct SecretsManager: Sendable {
    /// The client calls go through.
    public let client: AWSClient

    /// Creates the service on a client.
    public init(client: AWSClient) { self.client = client }

    /// CreateSecret; `clientRequestToken` makes a retried create idempotent.
    public func createSecret(
        name: String, value: SecretValue, description: String? = nil, tags: [String: String] = [:],
        clientRequestToken: String = UUID().uuidString
    ) async throws -> SecretVersionReference {
        struct Input: Encodable {
            var name: String
            var secretString: SecretValue
            var description: String?
            var tags: [AWSTag]?
            var clientRequestToken: String
        }
        return try await client.json(
            .secretsManager, "CreateSecret",
            Input(
                name: name, secretString: value, description: description,
                tags: tags.isEmpty ? nil : AWSTag.list(tags), clientRequestToken: clientRequestToken))
    }

    /// DescribeSecret: metadata and version stages, no value.
    public func describeSecret(id: String) async throws -> SecretDescription {
        try await client.json(.secretsManager, "DescribeSecret", ["SecretId": id])
    }

    /// GetSecretValue of a version id or stage (AWSCURRENT when neither is given).
    public func getSecretValue(id: String, versionId: String? = nil, versionStage: String? = nil) async throws
        -> SecretVersion
    {
        var input = ["SecretId": id]
        if let versionId { input["VersionId"] = versionId }
        if let versionStage { input["VersionStage"] = versionStage }
        return try await client.json(.secretsManager, "GetSecretValue", input)
    }

    /// PutSecretValue: a new version with the given stages (AWSCURRENT when none).
    public func putSecretValue(
        id: String, value: SecretValue, clientRequestToken: String = UUID().uuidString, versionStages: [String]? = nil
    ) async throws -> SecretVersionReference {
        struct Input: Encodable {
            var secretId: String
            var secretString: SecretValue
            var clientRequestToken: String
            var versionStages: [String]?
        }
        return try await client.json(
            .secretsManager, "PutSecretValue",
            Input(
                secretId: id, secretString: value, clientRequestToken: clientRequestToken,
                versionStages: versionStages))
    }

    /// UpdateSecretVersionStage: moves a stage label onto a version (and off another).
    public func updateSecretVersionStage(
        id: String, stage: String, moveToVersionId: String?, removeFromVersionId: String?
    ) async throws {
        struct Input: Encodable {
            var secretId: String
            var versionStage: String
            var moveToVersionId: String?
            var removeFromVersionId: String?
        }
        let _: AWSEmpty = try await client.json(
            .secretsManager, "UpdateSecretVersionStage",
            Input(
                secretId: id, versionStage: stage, moveToVersionId: moveToVersionId,
                removeFromVersionId: removeFromVersionId))
    }

    /// ListSecretVersionIds: every version (deprecated ones too when asked), all pages.
    public func listSecretVersionIds(id: String, includeDeprecated: Bool = true) async throws -> [SecretVersionEntry] {
        struct Input: Encodable {
            var secretId: String
            var includeDeprecated: Bool
            var maxResults: Int
            var nextToken: String?
        }
        struct Output: Decodable {
            var versions: [SecretVersionEntry]?
            var nextToken: String?
        }
        var versions: [SecretVersionEntry] = []
        var next: String?
        repeat {
            let page: Output = try await client.json(
                .secretsManager, "ListSecretVersionIds",
                Input(secretId: id, includeDeprecated: includeDeprecated, maxResults: 100, nextToken: next))
            versions += page.versions ?? []
            next = page.nextToken.flatMap { $0.isEmpty ? nil : $0 }
        } while next != nil
        return versions
    }

    /// RotateSecret: turns on native rotation with a rotation function and schedule (and, unless told
    /// otherwise, starts one rotation now).
    public func rotateSecret(
        id: String, rotationLambdaARN: String?, rules: SecretRotationRules?, rotateImmediately: Bool? = nil,
        clientRequestToken: String? = nil
    ) async throws -> SecretVersionReference {
        struct Input: Encodable {
            var secretId: String
            var rotationLambdaARN: String?
            var rotationRules: SecretRotationRules?
            var rotateImmediately: Bool?
            var clientRequestToken: String?
        }
        return try await client.json(
            .secretsManager, "RotateSecret",
            Input(
                secretId: id, rotationLambdaARN: rotationLambdaARN, rotationRules: rules,
                rotateImmediately: rotateImmediately, clientRequestToken: clientRequestToken))
    }

    /// CancelRotateSecret: turns native rotation off.
    public func cancelRotateSecret(id: String) async throws {
        let _: AWSEmpty = try await client.json(.secretsManager, "CancelRotateSecret", ["SecretId": id])
    }

    /// DeleteSecret with a recovery window (7–30 days), or at once with `force`.
    public func deleteSecret(id: String, recoveryWindowInDays: Int? = 7, force: Bool = false) async throws {
        struct Input: Encodable {
            var secretId: String
            var recoveryWindowInDays: Int?
            var forceDeleteWithoutRecovery: Bool?
        }
        let _: AWSEmpty = try await client.json(
            .secretsManager, "DeleteSecret",
            Input(
                secretId: id, recoveryWindowInDays: force ? nil : recoveryWindowInDays,
                forceDeleteWithoutRecovery: force ? true : nil))
    }

    /// RestoreSecret: cancels a scheduled deletion; the secret keeps its versions and values.
    public func restoreSecret(id: String) async throws {
        let _: AWSEmpty = try await client.json(.secretsManager, "RestoreSecret", ["SecretId": id])
    }

    /// TagResource.
    public func tagResource(id: String, tags: [String: String]) async throws {
        struct Input: Encodable {
            var secretId: String
            var tags: [AWSTag]
        }
        let _: AWSEmpty = try await client.json(
            .secretsManager, "TagResource", Input(secretId: id, tags: AWSTag.list(tags)))
    }

    /// UntagResource: removes tags by key.
    public func untagResource(id: String, keys: [String]) async throws {
        struct Input: Encodable {
            var secretId: String
            var tagKeys: [String]
        }
        let _: AWSEmpty = try await client.json(.secretsManager, "UntagResource", Input(secretId: id, tagKeys: keys))
    }
}
