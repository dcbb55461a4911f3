import Foundation
import HoistAWS
import HoistTestSupport
import Testing

/// A provider that counts its calls and hands out credentials valid for `lifetime` seconds from `clock`.
final class CountingProvider: CredentialProvider, @unchecked Sendable {
    let calls = Counter()
    let clock: TestClock
    let lifetime: Double?
    let delay: UInt64

    init(clock: TestClock, lifetime: Double?, delayNanoseconds: UInt64 = 0) {
        self.clock = clock
        self.lifetime = lifetime
        self.delay = delayNanoseconds
    }

    var source: String { "counting" }

    func credentials() async throws -> AWSCredentials? {
        let call = calls.increment()
        if delay > 0 { try await Task.sleep(nanoseconds: delay) }
        return AWSCredentials(
            accessKeyId: "ASIACALL\(call)", secretAccessKey: "secret-\(call)", sessionToken: "token-\(call)",
            expiration: lifetime.map { clock.now.addingTimeInterval($0) })
    }
}

@Suite("Credential chain: caching and refresh")
struct CredentialCacheTests {
    @Test("long-term credentials (no expiry) are fetched once")
    func longTermCached() async throws {
        let clock = TestClock()
        let provider = CountingProvider(clock: clock, lifetime: nil)
        let chain = CredentialChain(providers: [provider], refreshMargin: 300, now: { clock.now })
        for _ in 0..<5 {
            #expect(try await chain.credentials()?.accessKeyId == "ASIACALL1")
            clock.advance(86_400)
        }
        #expect(provider.calls.value == 1)
    }

    @Test("temporary credentials are cached until refreshMargin before expiry, then fetched again")
    func refreshBeforeExpiry() async throws {
        let clock = TestClock()
        let provider = CountingProvider(clock: clock, lifetime: 3600)
        let chain = CredentialChain(providers: [provider], refreshMargin: 300, now: { clock.now })
        #expect(try await chain.credentials()?.accessKeyId == "ASIACALL1")
        clock.advance(3000)  // 600 s left: still good
        #expect(try await chain.credentials()?.accessKeyId == "ASIACALL1")
        #expect(provider.calls.value == 1)
        clock.advance(301)  // 299 s left: inside the margin
        #expect(try await chain.credentials()?.accessKeyId == "ASIACALL2")
        #expect(provider.calls.value == 2)
        #expect(try await chain.credentials()?.accessKeyId == "ASIACALL2")
        #expect(provider.calls.value == 2)
    }

    @Test("credentials that arrive already inside the margin are fetched on every call")
    func alwaysExpiring() async throws {
        let clock = TestClock()
        let provider = CountingProvider(clock: clock, lifetime: 100)
        let chain = CredentialChain(providers: [provider], refreshMargin: 300, now: { clock.now })
        for _ in 0..<3 { _ = try await chain.credentials() }
        #expect(provider.calls.value == 3)
    }

    @Test("a refresh asks the source that answered before, not the ones ahead of it")
    func refreshPrefersLastSource() async throws {
        let clock = TestClock()
        let first = CountingProvider(clock: clock, lifetime: 3600)
        let chain = CredentialChain(providers: [first], refreshMargin: 300, now: { clock.now })
        _ = try await chain.credentials()
        clock.advance(3500)
        #expect(try await chain.credentials()?.accessKeyId == "ASIACALL2")
        #expect(chain.source == "counting")
    }

    @Test("20 concurrent callers share one fetch")
    func concurrentCallersShareOneFetch() async throws {
        let clock = TestClock()
        let provider = CountingProvider(clock: clock, lifetime: 3600, delayNanoseconds: 50_000_000)
        let chain = CredentialChain(providers: [provider], refreshMargin: 300, now: { clock.now })
        let keys = try await withThrowingTaskGroup(of: String?.self) { group in
            for _ in 0..<20 { group.addTask { try await chain.credentials()?.accessKeyId } }
            var keys: [String?] = []
            for try await key in group { keys.append(key) }
            return keys
        }
        #expect(keys.count == 20)
        #expect(Set(keys) == ["ASIACALL1"])
        #expect(provider.calls.value == 1)
    }

    @Test("20 concurrent callers share one refresh of expiring credentials")
    func concurrentRefresh() async throws {
        let clock = TestClock()
        let provider = CountingProvider(clock: clock, lifetime: 3600, delayNanoseconds: 50_000_000)
        let chain = CredentialChain(providers: [provider], refreshMargin: 300, now: { clock.now })
        _ = try await chain.credentials()
        clock.advance(3400)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<20 { group.addTask { _ = try await chain.credentials() } }
            try await group.waitForAll()
        }
        #expect(provider.calls.value == 2)
        #expect(try await chain.credentials()?.accessKeyId == "ASIACALL2")
    }

    @Test("a failed fetch is not cached: the next call tries again")
    func failureNotCached() async throws {
        final class FlakyProvider: CredentialProvider, @unchecked Sendable {
            let calls = Counter()
            var source: String { "flaky" }
            func credentials() async throws -> AWSCredentials? {
                if calls.increment() == 1 { throw CredentialError(code: .providerFailed, message: "first fails") }
                return TestSupport.credentials
            }
        }
        let provider = FlakyProvider()
        let chain = CredentialChain(providers: [provider])
        await #expect(throws: CredentialError.self) { try await chain.credentials() }
        #expect(try await chain.credentials() == TestSupport.credentials)
        #expect(provider.calls.value == 2)
    }
}

/// A provider that answers once with credentials valid for an hour, then fails every refresh.
final class FailingRefreshProvider: CredentialProvider, @unchecked Sendable {
    let calls = Counter()
    let clock: TestClock

    init(clock: TestClock) { self.clock = clock }

    var source: String { "failing refresh" }

    func credentials() async throws -> AWSCredentials? {
        guard calls.increment() == 1 else {
            throw CredentialError(code: .providerFailed, message: "the credential service is down")
        }
        return AWSCredentials(
            accessKeyId: "ASIAFIRST", secretAccessKey: "secret", sessionToken: "token",
            expiration: clock.now.addingTimeInterval(3600))
    }
}

@Suite("Credential chain: failed refresh")
struct CredentialRefreshFailureTests {
    @Test("a failed refresh inside the margin keeps the cached credentials until they expire, then fails")
    func keepsValidCredentials() async throws {
        let clock = TestClock()
        let provider = FailingRefreshProvider(clock: clock)
        let chain = CredentialChain(providers: [provider], refreshMargin: 300, now: { clock.now })
        #expect(try await chain.credentials()?.accessKeyId == "ASIAFIRST")
        clock.advance(3400)  // 200 s left: a refresh is due and fails
        #expect(try await chain.credentials()?.accessKeyId == "ASIAFIRST")
        #expect(provider.calls.value == 2)
        clock.advance(199)  // 1 s left: still valid
        #expect(try await chain.credentials()?.accessKeyId == "ASIAFIRST")
        clock.advance(1)  // expired
        let error = try await #require(throws: CredentialError.self) { try await chain.credentials() }
        #expect(error.message.contains("the credential service is down"))
    }
}
