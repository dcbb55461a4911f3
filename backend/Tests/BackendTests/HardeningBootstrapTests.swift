import Foundation
import Testing

/// Issue 15 items 10–12 on the real bootstrap (in-memory store), so the same tests run on a build from before
/// the fixes (`HOIST_BOOTSTRAP=<old bootstrap> swift test --skip-build --filter HardeningBootstrapTests`) and
/// fail there.
@Suite(.serialized, .timeLimit(.minutes(3))) struct HardeningBootstrapTests {
    /// A bootstrap over memory with `root` in ADMIN_USERNAMES, and a way to send it requests.
    struct Running {
        let runtime: RuntimeAPIServer
        let bootstrap: BootstrapProcess

        static func start() async throws -> Running {
            let runtime = try await RuntimeAPIServer.start()
            return Running(
                runtime: runtime,
                bootstrap: try BootstrapProcess(runtime: runtime, environment: BootstrapTests.memoryEnvironment))
        }

        func send(_ method: String, _ path: String, body: String? = nil, token: String? = nil) async -> HTTPAnswer {
            HTTPAnswer(await runtime.invoke(Event.http(method, path, body: body, token: token)))
        }

        func signIn(_ username: String, password: String = "password-1") async -> (HTTPAnswer, String) {
            let credentials = #"{"username":"\#(username)","password":"\#(password)"}"#
            let registered = await send("POST", "/auth/register", body: credentials)
            let login = await send("POST", "/auth/login", body: credentials)
            return (registered, login.json["token"] as? String ?? "")
        }
    }

    @Test func registeringAConfiguredAdminNameGivesNoAdminRoleAndTheOperatorTaskDoes() async throws {
        let running = try await Running.start()
        defer { running.bootstrap.stop() }
        let (registered, token) = await running.signIn("root")
        #expect(registered.status == 201)
        #expect(registered.json["roles"] as? [String] == ["user"], "\(registered.raw)")
        _ = await running.signIn("ann")
        #expect(await running.send("GET", "/users/ann", token: token).status == 403)
        let promoted = await running.runtime.invoke(Array(#"{"hoist_admin":{"promote":"root"}}"#.utf8))
        #expect(promoted.kind == "response", "\(promoted.text)")
        #expect(promoted.text == #"{"hoist_admin":{"roles":["admin","user"],"username":"root"}}"#)
        #expect(await running.send("GET", "/users/ann", token: token).status == 200)
    }

    @Test func aDeletedOrRecreatedAccountsTokenIsRefused() async throws {
        let running = try await Running.start()
        defer { running.bootstrap.stop() }
        let (_, old) = await running.signIn("ann")
        #expect(await running.send("DELETE", "/users/ann", token: old).status == 204)
        #expect(await running.send("GET", "/users/me", token: old).status == 401)
        let (again, new) = await running.signIn("ann", password: "password-2")
        #expect(again.status == 201)
        #expect(await running.send("GET", "/users/me", token: new).status == 200)
        #expect(await running.send("GET", "/users/me", token: old).status == 401)
    }

    @Test func aPasswordChangeRevokesTheAccountsTokens() async throws {
        let running = try await Running.start()
        defer { running.bootstrap.stop() }
        let (_, token) = await running.signIn("ann")
        let change = #"{"currentPassword":"password-1","newPassword":"password-2"}"#
        #expect(await running.send("PATCH", "/users/me", body: change, token: token).status == 204)
        #expect(await running.send("GET", "/users/me", token: token).status == 401)
    }

    @Test func threeHundredKilobytesInOneCharacterIs413() async throws {
        let running = try await Running.start()
        defer { running.bootstrap.stop() }
        _ = await running.signIn("root")
        _ = await running.runtime.invoke(Array(#"{"hoist_admin":{"promote":"root"}}"#.utf8))
        let (_, token) = await running.signIn("root")
        let huge = "a" + String(repeating: "\u{301}", count: 150_000)
        let answer = await running.send("POST", "/movies", body: #"{"title":"\#(huge)","year":2000}"#, token: token)
        #expect(answer.status == 413, "\(answer.raw.prefix(200))")
        #expect(answer.json["error"] as? [String: String] != nil)
    }
}
