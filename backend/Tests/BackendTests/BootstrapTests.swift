import Foundation
import Testing

/// The real bootstrap binary over an in-memory store: runtime loop, handler errors, init errors.
@Suite(.serialized, .timeLimit(.minutes(3))) struct BootstrapTests {
    static let memoryEnvironment = [
        "BACKEND_STORE": "memory", "LOCAL_JWT_SECRET": String(repeating: "k", count: 32), "BCRYPT_COST": "4",
        "ADMIN_USERNAMES": "root",
    ]

    @Test func servesInvocationsAndSurvivesABadEvent() async throws {
        let runtime = try await RuntimeAPIServer.start()
        let bootstrap = try BootstrapProcess(runtime: runtime, environment: Self.memoryEnvironment)
        defer { bootstrap.stop() }
        let health = HTTPAnswer(await runtime.invoke(Event.http("GET", "/health")))
        #expect(health.status == 200, "\(bootstrap.log)")
        let bad = await runtime.invoke(Array("not an event".utf8))
        #expect(bad.kind == "error")
        #expect(bad.text.contains("errorType"))
        let after = HTTPAnswer(await runtime.invoke(Event.http("GET", "/nope")))
        #expect(after.status == 404)
        #expect(after.json["error"] != nil)
        let log = bootstrap.log
        #expect(log.contains(#""requestId":"req-1""#))
        #expect(log.contains(#""level":"info""#))
    }

    @Test func missingConfigurationIsAnInitError() async throws {
        let runtime = try await RuntimeAPIServer.start()
        let bootstrap = try BootstrapProcess(runtime: runtime, environment: [:])
        bootstrap.process.waitUntilExit()
        #expect(bootstrap.process.terminationStatus == 1)
        let errors = runtime.initErrors
        #expect(errors.count == 1)
        #expect(errors.first?.contains("USERS_TABLE") == true)
        #expect(errors.first?.contains("ConfigurationError") == true)
        bootstrap.stop()
    }
}
