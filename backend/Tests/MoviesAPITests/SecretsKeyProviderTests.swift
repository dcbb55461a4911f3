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

    /// A frozen clock the test moves by hand.
    final class TestClock: Sendable {
        let instant = Mutex(ContinuousClock.now)
        func advance(seconds: Int64) { instant.withLock { $0 = $0.advanced(by: .seconds(seconds)) } }
        var now: @Sendable () -> ContinuousClock.Instant { { self.instant.withLock { $0 } } }
    }

    @Test func unknownKidRefreshesOnceForAConcurrentFloodThenIsRateLimited() async throws {
        let clock = TestClock()
        let fetches = Mutex(0)
        let version = Mutex("v1")
        let provider = SecretsKeyProvider(ttlSeconds: 300, minimumRefreshSeconds: 10, now: clock.now) { stage in
            fetches.withLock { $0 += 1 }
            return stage == "AWSCURRENT" ? (version.withLock { $0 }, "key") : nil
        }
        _ = try await provider.keys()
        #expect(fetches.withLock { $0 } == 2)

        // A rotation happened: v2 is current. Fifty requests with bogus kids at once cost one refresh.
        version.withLock { $0 = "v2" }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<50 {
                group.addTask { _ = try await provider.keys(afterUnknownKid: "bogus-\(index)") }
            }
            try await group.waitForAll()
        }
        #expect(fetches.withLock { $0 } == 4)
        #expect(try await provider.keys().current.kid == "v2")

        // Within the interval, more unknown kids fetch nothing; after it, one more refresh.
        _ = try await provider.keys(afterUnknownKid: "bogus-again")
        #expect(fetches.withLock { $0 } == 4)
        clock.advance(seconds: 11)
        _ = try await provider.keys(afterUnknownKid: "bogus-later")
        #expect(fetches.withLock { $0 } == 6)
        // A kid the cache knows never refreshes.
        _ = try await provider.keys(afterUnknownKid: "v2")
        #expect(fetches.withLock { $0 } == 6)
    }

    @Test func concurrentLoadsShareOneFetch() async throws {
        let fetches = Mutex(0)
        let provider = SecretsKeyProvider(ttlSeconds: 300) { _ in
            fetches.withLock { $0 += 1 }
            return ("v", "key")
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<20 { group.addTask { _ = try await provider.keys() } }
            try await group.waitForAll()
        }
        #expect(fetches.withLock { $0 } == 2)
    }

    @Test func aTokenOfAKeyRotatedInSinceTheLastLoadIsAcceptedAfterTheRefresh() async throws {
        let version = Mutex(("v1", "first-key-first-key-first-key-01"))
        let provider = SecretsKeyProvider(ttlSeconds: 300) { stage in
            stage == "AWSCURRENT" ? version.withLock { $0 } : nil
        }
        let service = TokenService(keyProvider: provider)
        _ = try await provider.keys()  // cached: v1
        // Another instance signed with v2 after a rotation this one has not loaded yet.
        let other = TokenService(
            keyProvider: StaticKeyProvider(
                SigningKeys(current: SigningKey(kid: "v2", secret: Array("second-key-second-key-second-02".utf8)))))
        let token = try await other.issue(username: "ann", roles: [.user]).token
        version.withLock { $0 = ("v2", "second-key-second-key-second-02") }
        #expect(try await service.verify(token).sub == "ann")
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
