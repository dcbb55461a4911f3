import Foundation
import HoistAWS
import HoistTestSupport
import Testing

/// A json input with an idempotency token, as CreateTable-like calls send.
struct TokenInput: Codable, Equatable {
    var tableName: String
    var clientToken: String
}

@Suite("Retries")
struct RetryTests {
    static let ok = HTTPResponse.text(200, "{}")

    func describeTable(_ client: AWSClient) async throws {
        let _: AWSEmpty = try await client.json(
            .dynamoDB, "DescribeTable", TokenInput(tableName: "users", clientToken: "token-1"))
    }

    @Test("json ThrottlingException (400) then success: 2 attempts, one wait within the first bound")
    func throttledJSON() async throws {
        let transport = FakeTransport([
            .respond(try .fixture(400, "errors/json10-throttling.json")), .respond(Self.ok),
        ])
        let sleeps = SleepRecorder()
        try await describeTable(TestSupport.client(transport, sleeps: sleeps, random: 0.75))
        #expect(transport.callCount == 2)
        #expect(sleeps.delays.count == 1)
        let delay = try #require(sleeps.delays.first)
        #expect(delay >= 0 && delay <= 1)
        #expect(delay == 0.75)
    }

    @Test("query <Code>Throttling</Code> (400) then success: 2 attempts")
    func throttledQuery() async throws {
        let transport = FakeTransport([
            .respond(try .fixture(400, "errors/query-throttling.xml")),
            .respond(try .fixture(200, "responses/sts-get-caller-identity.xml")),
        ])
        let sleeps = SleepRecorder()
        let identity = try await STS(client: TestSupport.client(transport, sleeps: sleeps)).getCallerIdentity()
        #expect(identity.account == "123456789012")
        #expect(identity.arn == "arn:aws:iam::123456789012:user/deployer")
        #expect(transport.callCount == 2)
        #expect(sleeps.delays.count == 1)
        #expect(sleeps.delays.allSatisfy { $0 >= 0 && $0 <= 1 })
    }

    @Test("429 without a body then success: 2 attempts")
    func tooManyRequests() async throws {
        let transport = FakeTransport([.respond(HTTPResponse(status: 429)), .respond(Self.ok)])
        let sleeps = SleepRecorder()
        let _: AWSEmpty = try await TestSupport.client(transport, sleeps: sleeps).restJSON(
            .lambda, "GetFunction", method: "GET", path: "/2015-03-31/functions/hoist-api")
        #expect(transport.callCount == 2)
        #expect(sleeps.delays.count == 1)
    }

    @Test("5xx then success: 2 attempts", arguments: [500, 502, 503, 504])
    func serverErrorThenSuccess(status: Int) async throws {
        let transport = FakeTransport([.respond(.text(status, "oops")), .respond(Self.ok)])
        let sleeps = SleepRecorder()
        try await describeTable(TestSupport.client(transport, sleeps: sleeps))
        #expect(transport.callCount == 2)
        #expect(sleeps.delays.count == 1)
    }

    @Test("a connection reset then success: 2 attempts")
    func connectionResetThenSuccess() async throws {
        let reset = TransportError(code: .connectionReset, message: "Connection reset by peer", url: "x")
        let transport = FakeTransport([.fail(reset), .respond(Self.ok)])
        let sleeps = SleepRecorder()
        try await describeTable(TestSupport.client(transport, sleeps: sleeps))
        #expect(transport.callCount == 2)
        #expect(sleeps.delays.count == 1)
    }

    @Test("transport errors that cannot pass (TLS) are not retried")
    func tlsNotRetried() async throws {
        let tls = TransportError(code: .tls, message: "certificate verify failed", url: "x")
        let transport = FakeTransport([.fail(tls), .respond(Self.ok)])
        let error = try await #require(throws: AWSError.self) {
            try await describeTable(TestSupport.client(transport))
        }
        #expect(transport.callCount == 1)
        #expect(error.code == "TransportError.tls")
        #expect(error.status == 0)
        #expect((error.underlying as? TransportError)?.code == .tls)
    }

    @Test("three failures: AWSError with attempts == 3 and the last code")
    func threeFailures() async throws {
        let transport = FakeTransport([
            .respond(.text(503, "busy")),
            .fail(TransportError(code: .timedOut, message: "timed out", url: "x")),
            .respond(try .fixture(400, "errors/json10-throttling.json")),
            .respond(Self.ok),
        ])
        let sleeps = SleepRecorder()
        let error = try await #require(throws: AWSError.self) {
            try await describeTable(TestSupport.client(transport, sleeps: sleeps))
        }
        #expect(error.attempts == 3)
        #expect(error.code == "ThrottlingException")
        #expect(error.status == 400)
        #expect(error.operation == "DescribeTable")
        #expect(transport.callCount == 3)
        #expect(sleeps.delays.count == 2)
        #expect(error.description.contains("after 3 attempts"))
    }

    @Test("json ValidationException is not retried")
    func validationNotRetried() async throws {
        let transport = FakeTransport([
            .respond(try .fixture(400, "errors/json10-validation.json")), .respond(Self.ok),
        ])
        let sleeps = SleepRecorder()
        let error = try await #require(throws: AWSError.self) {
            try await describeTable(TestSupport.client(transport, sleeps: sleeps))
        }
        #expect(error.code == "ValidationException")
        #expect(error.attempts == 1)
        #expect(transport.callCount == 1)
        #expect(sleeps.delays.isEmpty)
    }

    @Test("rest-json InvalidParameterValueException is not retried")
    func invalidParameterNotRetried() async throws {
        let transport = FakeTransport([
            .respond(
                try .fixture(
                    400, "errors/restjson-invalid-parameter.json",
                    headers: [HTTPHeader("x-amzn-ErrorType", "InvalidParameterValueException")])),
            .respond(Self.ok),
        ])
        let error = try await #require(throws: AWSError.self) {
            let _: AWSEmpty = try await TestSupport.client(transport).restJSON(
                .lambda, "CreateFunction", method: "POST", path: "/2015-03-31/functions",
                body: TokenInput(tableName: "x", clientToken: "y"))
        }
        #expect(error.code == "InvalidParameterValueException")
        #expect(error.message == "The role defined for the function cannot be assumed by Lambda.")
        #expect(error.attempts == 1)
        #expect(transport.callCount == 1)
    }

    @Test("back-off bounds grow per attempt and are capped at maxDelay")
    func backOffBounds() async throws {
        let strategy = RetryStrategy(maxAttempts: 8, baseDelay: 1, maxDelay: 5)
        let nearlyOne = 0.999_999
        #expect(strategy.delay(afterAttempt: 1, random: nearlyOne) <= 1)
        #expect(strategy.delay(afterAttempt: 2, random: nearlyOne) <= 2)
        #expect(strategy.delay(afterAttempt: 2, random: nearlyOne) > 1)
        #expect(strategy.delay(afterAttempt: 3, random: nearlyOne) <= 4)
        #expect(strategy.delay(afterAttempt: 3, random: nearlyOne) > 2)
        #expect(strategy.delay(afterAttempt: 6, random: nearlyOne) <= 5)
        #expect(strategy.delay(afterAttempt: 60, random: nearlyOne) <= 5)
        #expect(strategy.delay(afterAttempt: 1, random: 0) == 0)

        // Through the client: every wait stays under its attempt's ceiling.
        let transport = FakeTransport([], otherwise: .respond(.text(503, "busy")))
        let sleeps = SleepRecorder()
        await #expect(throws: AWSError.self) {
            try await describeTable(
                TestSupport.client(transport, retry: strategy, sleeps: sleeps, random: nearlyOne))
        }
        #expect(transport.callCount == 8)
        let ceilings: [Double] = [1, 2, 4, 5, 5, 5, 5]
        #expect(sleeps.delays.count == ceilings.count)
        for (delay, ceiling) in zip(sleeps.delays, ceilings) {
            #expect(delay <= ceiling)
            #expect(delay > ceiling * 0.99)
        }
    }

    @Test("full jitter: waits spread over [0, ceiling) as the random number does")
    func fullJitter() {
        let strategy = RetryStrategy()
        var generator = SplitMix64(seed: 7)
        let delays = (0..<1000).map { _ in strategy.delay(afterAttempt: 2, random: generator.nextUnit()) }
        #expect(delays.allSatisfy { $0 >= 0 && $0 < 2 })
        #expect(delays.contains { $0 < 0.2 })
        #expect(delays.contains { $0 > 1.8 })
    }

    @Test("every attempt sends the same body, so the same client token, each signed")
    func sameBodyOnEveryAttempt() async throws {
        let transport = FakeTransport([], otherwise: .respond(.text(500, "")))
        let input = TokenInput(tableName: "users", clientToken: UUID().uuidString)
        await #expect(throws: AWSError.self) {
            let _: AWSEmpty = try await TestSupport.client(transport).json(.dynamoDB, "CreateTable", input)
        }
        let requests = transport.requests
        #expect(requests.count == 3)
        #expect(requests.allSatisfy { $0.body == requests[0].body })
        #expect(requests[0].bodyText.contains(input.clientToken))
        #expect(requests.allSatisfy { $0.header("Authorization") != nil })
    }

    @Test("faults injected on the first calls are absorbed by the retries")
    func faultInjectionFirstCalls() async throws {
        let backend = FakeTransport([], otherwise: .respond(Self.ok))
        let faulty = FaultInjectingTransport(
            wrapping: backend, faults: [.throttling, .connectionReset], schedule: .first(2))
        let sleeps = SleepRecorder()
        try await describeTable(TestSupport.client(faulty, sleeps: sleeps))
        #expect(faulty.injected == [.throttling, .connectionReset])
        #expect(faulty.callCount == 3)
        #expect(backend.callCount == 1)
        #expect(sleeps.delays.count == 2)
    }

    @Test("a seeded fault rate is reproducible and retries absorb it")
    func faultInjectionRate() async throws {
        func run() async throws -> [FaultInjectingTransport.Fault] {
            let backend = FakeTransport([], otherwise: .respond(Self.ok))
            let faulty = FaultInjectingTransport(
                wrapping: backend,
                faults: [.throttling, .tooManyRequests, .serverError(503), .connectionReset],
                schedule: .rate(0.3, seed: 42))
            let client = TestSupport.client(faulty, retry: RetryStrategy(maxAttempts: 10))
            for _ in 0..<50 { try await describeTable(client) }
            #expect(backend.callCount == 50)
            #expect(faulty.callCount == 50 + faulty.injected.count)
            return faulty.injected
        }
        let first = try await run()
        let second = try await run()
        #expect(first.count > 5)
        #expect(first == second)
    }
}

@Suite("Fault injection")
struct FaultInjectionTests {
    @Test("query calls through the fault injector get query-style throttling and still succeed")
    func queryThrottling() async throws {
        let backend = FakeTransport([], otherwise: .respond(try .fixture(200, "responses/sts-get-caller-identity.xml")))
        let faulty = FaultInjectingTransport(wrapping: backend, faults: [.throttling], schedule: .first(1))
        let sleeps = SleepRecorder()
        let identity = try await STS(client: TestSupport.client(faulty, sleeps: sleeps)).getCallerIdentity()
        #expect(identity.userId == "AIDAEXAMPLEUSERID")
        #expect(faulty.injected == [.throttling])
        #expect(sleeps.delays.count == 1)
    }
}
