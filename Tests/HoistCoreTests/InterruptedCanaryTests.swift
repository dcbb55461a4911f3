import Foundation
import HoistAWS
import Testing

@testable import HoistCore

/// Resuming a canary an earlier run left: what an alias's weights say, and the router call for each choice.
@Suite("Interrupted canary")
struct InterruptedCanaryTests {
    @Test("an alias with no weights has nothing to resume")
    func settled() throws {
        #expect(
            try InterruptedCanary.find(functionName: "f", aliasName: "live", functionVersion: "3", weights: [:]) == nil)
    }

    @Test("one weight on another version is hoist's canary: old is the alias's version, new the weighted one")
    func found() throws {
        let alias = try JSONDecoder.lambda.decode(
            AliasConfiguration.self,
            from: Data(
                #"{"Name":"live","FunctionVersion":"3","RoutingConfig":{"AdditionalVersionWeights":{"4":0.1}}}"#.utf8))
        let found = try #require(try InterruptedCanary.find(functionName: "f", alias: alias))
        #expect(found.release == CanaryRelease(functionName: "f", alias: "live", oldVersion: "3", newVersion: "4"))
        #expect(found.weight == 0.1)
        #expect(found.version(after: .finish) == "4")
        #expect(found.version(after: .undo) == "3")
    }

    @Test("weights hoist never sets are refused, not guessed at", arguments: [["4": 0.1, "5": 0.1], ["3": 0.5]])
    func foreign(weights: [String: Double]) throws {
        let error = try #require(throws: CanaryError.self) {
            _ = try InterruptedCanary.find(functionName: "f", aliasName: "live", functionVersion: "3", weights: weights)
        }
        #expect(error.code == .foreignRouting)
        #expect(error.message.contains("version 3"))
    }

    @Test("finish promotes and undo rolls back, each through the router")
    func resolve() async throws {
        let interrupted = InterruptedCanary(
            release: CanaryRelease(functionName: "f", alias: "live", oldVersion: "3", newVersion: "4"), weight: 0.1)
        let finishing = FakeAliasRouter()
        #expect(try await interrupted.resolve(.finish, router: finishing) == "4")
        #expect(finishing.calls == [.promote])
        let undoing = FakeAliasRouter()
        #expect(try await interrupted.resolve(.undo, router: undoing) == "3")
        #expect(undoing.calls == [.rollBack])
        let error = try await #require(throws: CanaryError.self) {
            try await interrupted.resolve(.undo, router: FakeAliasRouter(failRollBack: true))
        }
        #expect(error.code == .rollbackFailed)
    }
}

extension JSONDecoder {
    /// Lambda's decoder (PascalCase members).
    static var lambda: JSONDecoder { AWSJSONCoding.pascalCaseDecoder() }
}
