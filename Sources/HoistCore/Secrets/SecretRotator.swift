import Foundation
import HoistAWS

/// Why a rotation or a `set` stopped: a code, a message naming the secret, and the AWS cause if any.
public struct SecretRotationError: Error, Sendable, CustomStringConvertible {
    /// A short machine-readable code (`TestFailed`, `NoCurrentVersion`, `ValueTooShort`, `AWS`).
    public var code: String
    /// What went wrong and what to do.
    public var message: String
    /// The cause.
    public var underlying: (any Error & Sendable)?

    /// Creates an error.
    public init(code: String, message: String, underlying: (any Error & Sendable)? = nil) {
        self.code = code
        self.message = message
        self.underlying = underlying
    }

    /// `message: cause`.
    public var description: String { message + (underlying.map { ": \($0)" } ?? "") }
}

/// The staging labels of a secret's versions, as DescribeSecret reports them (no values).
public struct SecretStages: Sendable, Equatable {
    /// Version id → its labels.
    public var versions: [String: [String]]

    /// Wraps DescribeSecret's `VersionIdsToStages`.
    public init(_ versions: [String: [String]]) { self.versions = versions }

    /// The version holding a label, if any.
    public func version(holding stage: String) -> String? {
        versions.first { $0.value.contains(stage) }?.key
    }
}

/// What a rotation will do, decided from the stages alone (pure; `--dry-run` prints it).
public enum RotationStep: Sendable, Equatable {
    /// Put a new version as AWSPENDING under this token, test it, then make it AWSCURRENT.
    case start(token: String)
    /// A version is already AWSPENDING (an interrupted run, or a rerun with the same token): test it and
    /// make it AWSCURRENT; no new version is written.
    case resume(versionId: String)
    /// The token's version is already AWSCURRENT: a finished rerun, nothing to do but tidy AWSPENDING.
    case alreadyCurrent(versionId: String)

    /// Decides the step of a rotation with `token` over the current stages.
    ///
    /// Policy for an interrupted rotation (a version left in AWSPENDING that is not AWSCURRENT): **complete
    /// it**. Its value came from the CSPRNG and PutSecretValue wrote it atomically; completing is what Secrets
    /// Manager's own rotation does when it retries with the same ClientRequestToken, so hoist and a scheduled
    /// rotation agree. A `set` (which brings its own value) instead withdraws the stale AWSPENDING first:
    /// see ``SecretRotator/set(secretId:value:token:)``.
    public static func decide(stages: SecretStages, token: String) -> RotationStep {
        let current = stages.version(holding: "AWSCURRENT")
        if current == token { return .alreadyCurrent(versionId: token) }
        if let pending = stages.version(holding: "AWSPENDING"), pending != current {
            return .resume(versionId: pending)
        }
        return .start(token: token)
    }
}

/// The outcome of a rotation or `set`: version ids and stages, never a value.
public struct SecretRotationResult: Sendable, Equatable, Codable {
    /// The secret's name.
    public var secretId: String
    /// The version now AWSCURRENT.
    public var currentVersionId: String
    /// The version now AWSPREVIOUS, if any.
    public var previousVersionId: String?
    /// Whether this run completed an interrupted rotation instead of writing a new version.
    public var resumed: Bool
    /// Whether nothing had to change (a rerun of a finished rotation).
    public var unchanged: Bool
    /// Every version's labels after the run.
    public var stages: [String: [String]]

    /// Creates a result.
    public init(
        secretId: String, currentVersionId: String, previousVersionId: String?, resumed: Bool, unchanged: Bool,
        stages: [String: [String]]
    ) {
        self.secretId = secretId
        self.currentVersionId = currentVersionId
        self.previousVersionId = previousVersionId
        self.resumed = resumed
        self.unchanged = unchanged
        self.stages = stages
    }
}

/// Zero-downtime rotation of one secret: new value as AWSPENDING, read back and compared, then AWSCURRENT.
///
/// The old AWSCURRENT becomes AWSPREVIOUS (Secrets Manager moves that label itself), so a reader that keeps
/// both (the backend verifies tokens with either) signs no one out. Values only travel in request bodies.
public struct SecretRotator: Sendable {
    /// The Secrets Manager operations.
    public let secrets: SecretsManager
    /// Makes a new random value of at least `bytes` random bytes.
    public let generate: @Sendable (_ bytes: Int) -> SecretValue

    /// Creates a rotator; `generate` defaults to the OS CSPRNG (``SecretGenerator``).
    public init(
        client: AWSClient,
        generate: @escaping @Sendable (Int) -> SecretValue = { SecretGenerator.randomValue(bytes: $0) }
    ) {
        self.secrets = SecretsManager(client: client)
        self.generate = generate
    }

    /// The current stages of a secret.
    public func stages(secretId: String) async throws -> SecretStages {
        let description = try await aws("DescribeSecret of \(secretId)") {
            try await AWSError.nilIfNotFound { try await secrets.describeSecret(id: secretId) }
        }
        guard let description, description.deletedDate == nil else {
            throw SecretRotationError(
                code: "NoSecret",
                message: "\(secretId) does not exist (or is scheduled for deletion): run `hoist deploy`")
        }
        return SecretStages(description.versionIdsToStages ?? [:])
    }

    /// What `rotate` would do now (reads only).
    public func dryRun(secretId: String, token: String = UUID().uuidString) async throws -> (
        step: RotationStep, stages: SecretStages
    ) {
        let stages = try await stages(secretId: secretId)
        return (RotationStep.decide(stages: stages, token: token), stages)
    }

    /// Rotates to a new random value of `length` bytes; a rerun with the same `token` is idempotent, and an
    /// interrupted rotation is completed (see ``RotationStep/decide(stages:token:)``).
    public func rotate(secretId: String, length: Int, token: String = UUID().uuidString) async throws
        -> SecretRotationResult
    {
        let stages = try await stages(secretId: secretId)
        switch RotationStep.decide(stages: stages, token: token) {
        case .alreadyCurrent(let versionId):
            return try await finish(secretId: secretId, versionId: versionId, stages: stages, resumed: false)
        case .resume(let versionId):
            if try await pendingRepeatsCurrent(secretId: secretId) {
                // Not a new key (a RotateSecret with RotateImmediately=false can leave such a version): withdraw
                // the label and rotate afresh, under a new token if the old one names that version.
                try await aws("withdraw AWSPENDING from \(versionId) of \(secretId)") {
                    try await secrets.updateSecretVersionStage(
                        id: secretId, stage: "AWSPENDING", moveToVersionId: nil, removeFromVersionId: versionId)
                }
                return try await start(
                    secretId: secretId, length: length, token: token == versionId ? UUID().uuidString : token,
                    stages: try await self.stages(secretId: secretId))
            }
            try await test(secretId: secretId, versionId: versionId, expectedSHA256: nil)
            return try await finish(
                secretId: secretId, versionId: versionId, stages: stages, resumed: versionId != token)
        case .start(let token):
            return try await start(secretId: secretId, length: length, token: token, stages: stages)
        }
    }

    /// createSecret, testSecret and finishSecret with a new random value.
    func start(secretId: String, length: Int, token: String, stages: SecretStages) async throws
        -> SecretRotationResult
    {
        let value = generate(max(32, length))
        let written = try await create(secretId: secretId, value: value, token: token)
        try await test(secretId: secretId, versionId: written, expectedSHA256: value.sha256Hex)
        return try await finish(secretId: secretId, versionId: written, stages: stages, resumed: false)
    }

    /// Whether the AWSPENDING value is the AWSCURRENT one (compared by hash; neither is kept).
    func pendingRepeatsCurrent(secretId: String) async throws -> Bool {
        let pending = try await aws("GetSecretValue (AWSPENDING) of \(secretId)") {
            try await AWSError.nilIfNotFound {
                try await secrets.getSecretValue(id: secretId, versionStage: "AWSPENDING")
            }
        }
        let current = try await aws("GetSecretValue (AWSCURRENT) of \(secretId)") {
            try await secrets.getSecretValue(id: secretId, versionStage: "AWSCURRENT")
        }
        guard let pendingValue = pending?.secretString, let currentValue = current.secretString else { return false }
        return pendingValue.sha256Hex == currentValue.sha256Hex
    }

    /// Makes `value` the AWSCURRENT version through the same pending → test → finish path; a stale AWSPENDING
    /// left by an interrupted run is withdrawn first (the caller's value wins). At least 32 bytes.
    public func set(secretId: String, value: SecretValue, token: String = UUID().uuidString) async throws
        -> SecretRotationResult
    {
        guard value.exposed.utf8.count >= 32 else {
            throw SecretRotationError(
                code: "ValueTooShort", message: "\(secretId): a value needs at least 32 bytes (it is used as a key)")
        }
        var stages = try await stages(secretId: secretId)
        let current = stages.version(holding: "AWSCURRENT")
        if let pending = stages.version(holding: "AWSPENDING"), pending != current, pending != token {
            try await aws("withdraw the stale AWSPENDING of \(secretId)") {
                try await secrets.updateSecretVersionStage(
                    id: secretId, stage: "AWSPENDING", moveToVersionId: nil, removeFromVersionId: pending)
            }
            stages = try await self.stages(secretId: secretId)
        }
        if current == token {
            return try await finish(secretId: secretId, versionId: token, stages: stages, resumed: false)
        }
        let written = try await create(secretId: secretId, value: value, token: token)
        try await test(secretId: secretId, versionId: written, expectedSHA256: value.sha256Hex)
        return try await finish(secretId: secretId, versionId: written, stages: stages, resumed: false)
    }

    /// createSecret: PutSecretValue as AWSPENDING under the token (the token becomes the VersionId).
    func create(secretId: String, value: SecretValue, token: String) async throws -> String {
        let reference = try await aws("PutSecretValue (AWSPENDING) on \(secretId)") {
            try await secrets.putSecretValue(
                id: secretId, value: value, clientRequestToken: token, versionStages: ["AWSPENDING"])
        }
        return reference.versionId ?? token
    }

    /// testSecret: AWSPENDING must be that version, and its value must read back with the hash written (or,
    /// when resuming without the value, be at least 32 bytes).
    func test(secretId: String, versionId: String, expectedSHA256: String?) async throws {
        let pending = try await aws("GetSecretValue (AWSPENDING) of \(secretId)") {
            try await secrets.getSecretValue(id: secretId, versionStage: "AWSPENDING")
        }
        guard pending.versionId == versionId else {
            throw SecretRotationError(
                code: "TestFailed",
                message: "\(secretId): AWSPENDING is on \(pending.versionId ?? "no version"), not \(versionId); "
                    + "another rotation is running? Run `hoist secrets status`, then rotate again")
        }
        let value = pending.secretString ?? SecretValue("")
        if let expectedSHA256 {
            guard value.sha256Hex == expectedSHA256 else {
                throw SecretRotationError(
                    code: "TestFailed",
                    message: "\(secretId): the value read back from AWSPENDING differs from the one written; "
                        + "AWSCURRENT was not moved")
            }
        } else if value.exposed.utf8.count < 32 {
            throw SecretRotationError(
                code: "TestFailed",
                message: "\(secretId): the AWSPENDING version \(versionId) holds under 32 bytes; AWSCURRENT was "
                    + "not moved. Set a value with `hoist secrets set`")
        }
    }

    /// finishSecret: AWSCURRENT onto the version (AWS moves AWSPREVIOUS to the old one), AWSPENDING removed.
    func finish(secretId: String, versionId: String, stages: SecretStages, resumed: Bool) async throws
        -> SecretRotationResult
    {
        let current = stages.version(holding: "AWSCURRENT")
        let moved = current != versionId
        if moved {
            try await aws("UpdateSecretVersionStage (AWSCURRENT) on \(secretId)") {
                try await secrets.updateSecretVersionStage(
                    id: secretId, stage: "AWSCURRENT", moveToVersionId: versionId, removeFromVersionId: current)
            }
        }
        var after = try await self.stages(secretId: secretId)
        if let pending = after.version(holding: "AWSPENDING") {
            try await aws("UpdateSecretVersionStage (remove AWSPENDING) on \(secretId)") {
                try await secrets.updateSecretVersionStage(
                    id: secretId, stage: "AWSPENDING", moveToVersionId: nil, removeFromVersionId: pending)
            }
            after = try await self.stages(secretId: secretId)
        }
        guard after.version(holding: "AWSCURRENT") == versionId else {
            throw SecretRotationError(
                code: "FinishFailed", message: "\(secretId): AWSCURRENT did not move to \(versionId)")
        }
        return SecretRotationResult(
            secretId: secretId, currentVersionId: versionId, previousVersionId: after.version(holding: "AWSPREVIOUS"),
            resumed: resumed, unchanged: !moved, stages: after.versions)
    }

    func aws<T: Sendable>(_ what: String, _ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as AWSError {
            throw SecretRotationError(code: "AWS", message: "\(what) failed", underlying: error)
        }
    }
}
