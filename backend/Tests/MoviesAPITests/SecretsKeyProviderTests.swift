import AWSClients
import Synchronization
import Testing

@testable import MoviesAPI

@Suite struct SecretsKeyProviderTests {
    @Test func cachesBothStagesForTheTTL() async throws {
        let calls = Mutex<[String]>([])
        let provider = SecretsKeyProvider(ttlSeconds: 300) { stage in
            calls.withLock { $0.append(stage) }
            return stage == "AWSCURRENT" ? ("v2", "two") : ("v1", "one")
        }
        let keys = try await provider.keys()
        #expect(keys.current == SigningKey(kid: "v2", secret: Array("two".utf8)))
        #expect(keys.previous == SigningKey(kid: "v1", secret: Array("one".utf8)))
        _ = try await provider.keys()
        #expect(calls.withLock { $0 } == ["AWSCURRENT", "AWSPREVIOUS"])
    }

    @Test func refetchesAfterTheTTL() async throws {
        let calls = Mutex(0)
        let provider = SecretsKeyProvider(ttlSeconds: 0) { _ in
            calls.withLock { $0 += 1 }
            return ("v", "s")
        }
        _ = try await provider.keys()
        _ = try await provider.keys()
        #expect(calls.withLock { $0 } == 4)
    }

    @Test func noPreviousVersionIsFine() async throws {
        let provider = SecretsKeyProvider { stage in stage == "AWSCURRENT" ? ("v1", "only") : nil }
        let keys = try await provider.keys()
        #expect(keys.previous == nil)
        #expect(keys.key(withId: "v1") != nil)
        #expect(keys.key(withId: "v0") == nil)
    }

    @Test func missingCurrentIsAnError() async {
        let provider = SecretsKeyProvider { _ in nil }
        await #expect(throws: StoreError.self) { try await provider.keys() }
    }

    @Test func configurationReadsTheContract() throws {
        let configuration = try AppConfiguration(environment: [
            "USERS_TABLE": "u", "MOVIES_TABLE": "m", "JWT_SECRET_ARN": "arn:s", "ADMIN_USERNAMES": " root, ann,,",
        ])
        #expect(configuration.adminUsernames == ["root", "ann"])
        #expect(configuration.tokenLifetime == 3600)
        #expect(configuration.secretCacheSeconds == 300)
        #expect(configuration.bcryptCost == 12)
        #expect(throws: ConfigurationError.self) { try AppConfiguration(environment: ["USERS_TABLE": "u"]) }
    }
}
