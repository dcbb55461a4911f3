import AWSClients
import Crypto

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Secrets Manager's rotation event: `{"SecretId","ClientRequestToken","Step"}`.
public struct RotationEvent: Codable, Sendable, Equatable {
    /// The secret's ARN or name.
    public var SecretId: String
    /// The new version's id.
    public var ClientRequestToken: String
    /// `createSecret`, `setSecret`, `testSecret` or `finishSecret`.
    public var Step: String

    /// Creates an event.
    public init(secretId: String, token: String, step: String) {
        SecretId = secretId
        ClientRequestToken = token
        Step = step
    }
}

/// Why a rotation step was refused: a code, a message (never a value), the cause.
public struct RotationError: Error, Sendable, CustomStringConvertible {
    /// `wrong_secret`, `unknown_step`, `no_current`, `not_pending`, `test_failed`.
    public var code: String
    /// What went wrong.
    public var message: String
    /// The cause.
    public var underlying: (any Error & Sendable)?

    /// Creates an error.
    public init(_ code: String, _ message: String, underlying: (any Error & Sendable)? = nil) {
        self.code = code
        self.message = message
        self.underlying = underlying
    }

    /// `code: message`.
    public var description: String { "\(code): \(message)" + (underlying.map { " [\($0)]" } ?? "") }
}

/// The Secrets Manager operations the rotation handler needs (a fake in unit tests).
public protocol RotationSecretStore: Sendable {
    /// Version id → labels.
    func stages(secretId: String) async throws -> [String: [String]]
    /// The value of a version holding `stage`, or nil when there is none (no value yet, or not that stage).
    func value(secretId: String, versionId: String, stage: String) async throws -> String?
    /// The AWSCURRENT value, or nil.
    func currentValue(secretId: String) async throws -> String?
    /// Writes a version under `token` with `stages`.
    func put(secretId: String, token: String, value: String, stages: [String]) async throws
    /// Moves a label onto `to` and off `from`.
    func moveStage(secretId: String, stage: String, to: String?, from: String?) async throws
}

/// ``RotationSecretStore`` over the Secrets Manager client.
public struct SecretsManagerRotationStore: RotationSecretStore {
    /// The client.
    public let client: SecretsManagerClient

    /// Creates a store.
    public init(client: SecretsManagerClient) { self.client = client }

    /// DescribeSecret's VersionIdsToStages.
    public func stages(secretId: String) async throws -> [String: [String]] {
        try await client.describeSecret(secretId: secretId).VersionIdsToStages ?? [:]
    }

    /// GetSecretValue by id and stage; not found (no value yet) is nil.
    public func value(secretId: String, versionId: String, stage: String) async throws -> String? {
        do {
            return try await client.getSecretValue(secretId: secretId, versionId: versionId, stage: stage).SecretString
        } catch let error as AWSClientError where error.code == "ResourceNotFoundException" {
            return nil
        }
    }

    /// GetSecretValue of AWSCURRENT.
    public func currentValue(secretId: String) async throws -> String? {
        try await client.getSecretValue(secretId: secretId, stage: "AWSCURRENT").SecretString
    }

    /// PutSecretValue.
    public func put(secretId: String, token: String, value: String, stages: [String]) async throws {
        try await client.putSecretValue(secretId: secretId, token: token, value: value, stages: stages)
    }

    /// UpdateSecretVersionStage.
    public func moveStage(secretId: String, stage: String, to: String?, from: String?) async throws {
        try await client.updateSecretVersionStage(secretId: secretId, stage: stage, moveTo: to, removeFrom: from)
    }
}

/// The four steps of Secrets Manager's rotation for the JWT key; the same bootstrap runs it when deployed with
/// `HOIST_ROTATION_HANDLER=1` (its own function and role, write access to this one secret only).
///
/// Every step is idempotent, as Secrets Manager retries steps: createSecret keeps a value already written under
/// the token; finishSecret returns when the token is already AWSCURRENT.
public struct SecretRotationHandler: Sendable {
    /// Where the secret lives.
    public let store: any RotationSecretStore
    /// The one secret (ARN or name) this handler may rotate.
    public let secretId: String
    /// Random bytes per new key (≥ 32).
    public let length: Int
    /// Logs steps and version ids, never values.
    public let logger: JSONLogger

    /// Creates a handler.
    public init(store: any RotationSecretStore, secretId: String, length: Int = 64, logger: JSONLogger = JSONLogger()) {
        self.store = store
        self.secretId = secretId
        self.length = max(32, length)
        self.logger = logger
    }

    /// Runs one step for the event.
    public func handle(_ event: RotationEvent) async throws {
        guard Self.sameSecret(event.SecretId, secretId) else {
            throw RotationError("wrong_secret", "this handler rotates \(secretId) only, not \(event.SecretId)")
        }
        let id = event.SecretId
        let token = event.ClientRequestToken
        logger.info("rotation step", ["step": event.Step, "secret": id, "version": token])
        switch event.Step {
        case "createSecret": try await create(id, token)
        case "setSecret": return  // the key lives only in Secrets Manager: no downstream service to update
        case "testSecret": try await test(id, token)
        case "finishSecret": try await finish(id, token)
        default: throw RotationError("unknown_step", "unknown rotation step \(event.Step)")
        }
    }

    /// createSecret: a new random key as AWSPENDING under the token, unless one is already there.
    func create(_ id: String, _ token: String) async throws {
        guard try await store.currentValue(secretId: id) != nil else {
            throw RotationError("no_current", "\(id) has no AWSCURRENT value")
        }
        let stages = try await store.stages(secretId: id)
        if stages[token]?.contains("AWSCURRENT") == true { return }
        if try await store.value(secretId: id, versionId: token, stage: "AWSPENDING") != nil { return }
        try await store.put(secretId: id, token: token, value: Self.randomKey(bytes: length), stages: ["AWSPENDING"])
    }

    /// testSecret: the pending key exists, is long enough, and signs and verifies an HMAC.
    ///
    /// RotateSecret with `RotateImmediately=false` (how hoist deploy turns rotation on) runs this step alone to
    /// check the configuration, on an AWSPENDING version it creates and then removes: that version holds a copy of
    /// the current value (moto does so; AWS documents the version, not its value). It is tested like any other.
    /// Should it hold no value, there is no new key to test: the configuration test then checks that the handler
    /// can read the AWSCURRENT key and that it is usable, and changes nothing. A real rotation cannot reach
    /// finishSecret with such a version: finishSecret refuses a version without a usable value.
    func test(_ id: String, _ token: String) async throws {
        let stages = try await store.stages(secretId: id)
        if stages[token]?.contains("AWSCURRENT") == true { return }
        guard stages[token]?.contains("AWSPENDING") == true else {
            throw RotationError("not_pending", "\(id): version \(token) is not AWSPENDING")
        }
        if let value = try await store.value(secretId: id, versionId: token, stage: "AWSPENDING") {
            guard Self.usable(value) else {
                throw RotationError("test_failed", "\(id): the AWSPENDING key \(token) is unusable")
            }
            return
        }
        guard let current = try await store.currentValue(secretId: id), Self.usable(current) else {
            throw RotationError("test_failed", "\(id): no usable AWSCURRENT key to test the configuration with")
        }
        logger.info("configuration test", ["secret": id, "version": token])
    }

    /// Whether a value can serve as an HMAC key: at least 32 bytes, and it signs and verifies.
    static func usable(_ value: String) -> Bool {
        let key = SymmetricKey(data: Array(value.utf8))
        let probe = Array("hoist-rotation-test".utf8)
        return value.utf8.count >= 32
            && HMAC<SHA256>.isValidAuthenticationCode(
                HMAC<SHA256>.authenticationCode(for: probe, using: key), authenticating: probe, using: key)
    }

    /// finishSecret: AWSCURRENT onto the token (AWS moves AWSPREVIOUS to the old one), AWSPENDING removed.
    func finish(_ id: String, _ token: String) async throws {
        let stages = try await store.stages(secretId: id)
        let current = stages.first { $0.value.contains("AWSCURRENT") }?.key
        if current != token {
            guard stages[token]?.contains("AWSPENDING") == true else {
                throw RotationError("not_pending", "\(id): version \(token) is not AWSPENDING")
            }
            // Never promote a version without a usable key: every token would stop verifying.
            guard let value = try await store.value(secretId: id, versionId: token, stage: "AWSPENDING"),
                Self.usable(value)
            else { throw RotationError("test_failed", "\(id): the AWSPENDING version \(token) holds no usable key") }
            try await store.moveStage(secretId: id, stage: "AWSCURRENT", to: token, from: current)
        }
        if try await store.stages(secretId: id)[token]?.contains("AWSPENDING") == true {
            try await store.moveStage(secretId: id, stage: "AWSPENDING", to: nil, from: token)
        }
        logger.info("rotation finished", ["secret": id, "current": token, "previous": current ?? ""])
    }

    /// Whether two secret ids (ARN or name) name the same secret: an ARN's name drops the `-XXXXXX` suffix.
    public static func sameSecret(_ lhs: String, _ rhs: String) -> Bool {
        func name(_ id: String) -> String {
            let parts = id.split(separator: ":", omittingEmptySubsequences: false)
            guard id.hasPrefix("arn:"), parts.count >= 7, parts[5] == "secret" else { return id }
            let tail = parts[6...].joined(separator: ":")
            if let dash = tail.lastIndex(of: "-"), tail.distance(from: dash, to: tail.endIndex) == 7 {
                return String(tail[..<dash])
            }
            return tail
        }
        return lhs == rhs || name(lhs) == name(rhs)
    }

    /// `bytes` bytes from the OS CSPRNG, base64url without padding.
    public static func randomKey(bytes: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        return Base64URL.encode((0..<max(32, bytes)).map { _ in UInt8.random(in: .min ... .max, using: &generator) })
    }
}
