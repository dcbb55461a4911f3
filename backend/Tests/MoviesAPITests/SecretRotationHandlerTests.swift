import Synchronization
import Testing

@testable import MoviesAPI

/// An in-memory Secrets Manager with AWS's stage rules: moving AWSCURRENT moves AWSPREVIOUS to the version it
/// left; a put under an existing token with another value is refused.
final class MemorySecretStore: RotationSecretStore {
    struct Version {
        var value: String?
        var stages: [String]
    }
    let state = Mutex<[String: Version]>([:])
    let puts = Mutex(0)

    init(current: String, value: String) {
        state.withLock { $0[current] = Version(value: value, stages: ["AWSCURRENT"]) }
    }

    func stages(secretId: String) async throws -> [String: [String]] {
        state.withLock { $0.filter { !$0.value.stages.isEmpty }.mapValues(\.stages) }
    }

    func value(secretId: String, versionId: String, stage: String) async throws -> String? {
        state.withLock { versions in
            guard let version = versions[versionId], version.stages.contains(stage) else { return nil }
            return version.value
        }
    }

    func currentValue(secretId: String) async throws -> String? {
        state.withLock { $0.values.first { $0.stages.contains("AWSCURRENT") }?.value }
    }

    func put(secretId: String, token: String, value: String, stages: [String]) async throws {
        puts.withLock { $0 += 1 }
        try state.withLock { versions in
            if let existing = versions[token], existing.value != nil {
                guard existing.value == value else { throw RotationError("ResourceExistsException", "token reused") }
                return
            }
            for id in versions.keys { versions[id]!.stages.removeAll { stages.contains($0) } }
            versions[token] = Version(value: value, stages: stages)
        }
    }

    func moveStage(secretId: String, stage: String, to: String?, from: String?) async throws {
        state.withLock { versions in
            if let from { versions[from]?.stages.removeAll { $0 == stage } }
            if let to {
                for id in versions.keys { versions[id]!.stages.removeAll { $0 == stage } }
                versions[to]?.stages.append(stage)
                if stage == "AWSCURRENT", let from, from != to {
                    for id in versions.keys { versions[id]!.stages.removeAll { $0 == "AWSPREVIOUS" } }
                    versions[from]?.stages.append("AWSPREVIOUS")
                }
            }
        }
    }

    func labels() -> [String: [String]] { state.withLock { $0.mapValues { $0.stages.sorted() } } }
    func rawValue(_ id: String) -> String? { state.withLock { $0[id]?.value } }
}

@Suite struct SecretRotationHandlerTests {
    static let secret = "arn:aws:secretsmanager:us-east-1:123456789012:secret:movies-api/dev/JWT_SECRET_KEY-AbCdEf"

    func event(_ step: String, _ token: String = "v2", secret: String = Self.secret) -> RotationEvent {
        RotationEvent(secretId: secret, token: token, step: step)
    }

    @Test func theFourStepsMoveTheStagesAndRerunsChangeNothing() async throws {
        let store = MemorySecretStore(current: "v1", value: "old-key-old-key-old-key-old-key-1")
        let handler = SecretRotationHandler(store: store, secretId: "movies-api/dev/JWT_SECRET_KEY")

        try await handler.handle(event("createSecret"))
        #expect(store.labels() == ["v1": ["AWSCURRENT"], "v2": ["AWSPENDING"]])
        let written = try #require(store.rawValue("v2"))
        #expect(written.utf8.count >= 64)
        try await handler.handle(event("createSecret"))  // Secrets Manager retries a step: same value kept
        #expect(store.rawValue("v2") == written)
        #expect(store.puts.withLock { $0 } == 1)

        try await handler.handle(event("setSecret"))
        try await handler.handle(event("testSecret"))
        #expect(store.labels() == ["v1": ["AWSCURRENT"], "v2": ["AWSPENDING"]])

        try await handler.handle(event("finishSecret"))
        #expect(store.labels() == ["v1": ["AWSPREVIOUS"], "v2": ["AWSCURRENT"]])
        try await handler.handle(event("finishSecret"))
        #expect(store.labels() == ["v1": ["AWSPREVIOUS"], "v2": ["AWSCURRENT"]])

        // A second rotation: v1 loses every label, v2 becomes AWSPREVIOUS.
        for step in ["createSecret", "setSecret", "testSecret", "finishSecret"] {
            try await handler.handle(event(step, "v3"))
        }
        #expect(store.labels() == ["v1": [], "v2": ["AWSPREVIOUS"], "v3": ["AWSCURRENT"]])
    }

    @Test func refusesAnotherSecretAnUnknownStepAndAFinishWithoutPending() async throws {
        let store = MemorySecretStore(current: "v1", value: "old-key-old-key-old-key-old-key-1")
        let handler = SecretRotationHandler(store: store, secretId: Self.secret)
        await #expect(throws: RotationError.self) {
            try await handler.handle(event("createSecret", secret: "movies-api/dev/OTHER"))
        }
        await #expect(throws: RotationError.self) { try await handler.handle(event("dropSecret")) }
        await #expect(throws: RotationError.self) { try await handler.handle(event("finishSecret", "v9")) }
        await #expect(throws: RotationError.self) { try await handler.handle(event("testSecret", "v9")) }
        #expect(store.labels() == ["v1": ["AWSCURRENT"]])
    }

    @Test func testSecretRefusesAShortPendingKey() async throws {
        let store = MemorySecretStore(current: "v1", value: "old-key-old-key-old-key-old-key-1")
        try await store.put(secretId: Self.secret, token: "v2", value: "short", stages: ["AWSPENDING"])
        let handler = SecretRotationHandler(store: store, secretId: Self.secret)
        await #expect(throws: RotationError.self) { try await handler.handle(event("testSecret")) }
    }

    /// RotateSecret with RotateImmediately=false runs testSecret alone on an AWSPENDING version holding a copy of
    /// the current value: it passes and changes nothing.
    @Test func configurationTestOnAPendingCopyPassesAndChangesNothing() async throws {
        let current = "old-key-old-key-old-key-old-key-1"
        let store = MemorySecretStore(current: "v1", value: current)
        store.state.withLock { $0["v2"] = .init(value: current, stages: ["AWSPENDING"]) }
        let handler = SecretRotationHandler(store: store, secretId: Self.secret)
        try await handler.handle(event("testSecret"))
        #expect(store.labels() == ["v1": ["AWSCURRENT"], "v2": ["AWSPENDING"]])
        #expect(store.puts.withLock { $0 } == 0)
    }

    /// The same test on an AWSPENDING version without a value checks the current key instead; such a version is
    /// never promoted by finishSecret.
    @Test func configurationTestOnAnEmptyPendingVersionAndNoFinishOfIt() async throws {
        let store = MemorySecretStore(current: "v1", value: "old-key-old-key-old-key-old-key-1")
        store.state.withLock { $0["v2"] = .init(value: nil, stages: ["AWSPENDING"]) }
        let handler = SecretRotationHandler(store: store, secretId: Self.secret)
        try await handler.handle(event("testSecret"))
        await #expect(throws: RotationError.self) { try await handler.handle(event("finishSecret")) }
        #expect(store.labels() == ["v1": ["AWSCURRENT"], "v2": ["AWSPENDING"]])
        #expect(store.puts.withLock { $0 } == 0)

        let short = MemorySecretStore(current: "v1", value: "short")
        short.state.withLock { $0["v2"] = .init(value: nil, stages: ["AWSPENDING"]) }
        await #expect(throws: RotationError.self) {
            try await SecretRotationHandler(store: short, secretId: Self.secret).handle(event("testSecret"))
        }
    }

    @Test func secretIdsMatchByArnOrName() {
        #expect(SecretRotationHandler.sameSecret(Self.secret, "movies-api/dev/JWT_SECRET_KEY"))
        #expect(SecretRotationHandler.sameSecret("movies-api/dev/JWT_SECRET_KEY", Self.secret))
        #expect(!SecretRotationHandler.sameSecret(Self.secret, "movies-api/dev/OTHER"))
    }
}
