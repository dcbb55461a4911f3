import Foundation
import Testing

@testable import MoviesAPI

/// Issue 15 item 11: what a token may do is decided by the stored account on each request.
@Suite struct TokenRevocationTests {
    @Test func aDemotedAdminLosesAdminOnTheNextRequest() async throws {
        let app = makeApp(admins: ["root", "boss"])
        let root = await registerAdmin(app, "root")
        let other = await registerAdmin(app, "boss")
        #expect(await call(app, "GET", "/users/root", token: other).status == 200)
        let demoted = await call(app, "PUT", "/users/boss/roles", json: #"{"roles":["user"]}"#, token: root)
        #expect(demoted.status == 200)
        // The token still says admin; the store does not.
        #expect(try await app.tokens.verify(other).roles.contains("admin"))
        #expect(await call(app, "GET", "/users/root", token: other).status == 403)
        #expect(await call(app, "GET", "/users/me", token: other).json["roles"] as? [String] == ["user"])
    }

    @Test func aDeletedUsersTokenStopsWorking() async {
        let app = makeApp()
        let token = await registerAndLogin(app, "ann")
        #expect(await call(app, "GET", "/users/me", token: token).status == 200)
        #expect(await call(app, "DELETE", "/users/ann", token: token).status == 204)
        let after = await call(app, "GET", "/users/me", token: token)
        #expect(after.status == 401)
        #expect(after.errorCode == "unauthorized")
    }

    @Test func anOldTokenIsRefusedByANewAccountOfTheSameName() async {
        let app = makeApp()
        let old = await registerAndLogin(app, "ann", password: "first-password")
        #expect(await call(app, "DELETE", "/users/ann", token: old).status == 204)
        let new = await registerAndLogin(app, "ann", password: "second-password")
        #expect(await call(app, "GET", "/users/me", token: new).status == 200)
        #expect(await call(app, "GET", "/users/me", token: old).status == 401)
        #expect(await call(app, "DELETE", "/users/ann", token: old).status == 401)
    }

    @Test func aPasswordChangeRevokesEveryTokenOfTheAccount() async {
        let app = makeApp()
        let first = await registerAndLogin(app, "ann", password: "password1")
        let second = await registerAndLogin(app, "ann", password: "password1")
        let changed = await call(
            app, "PATCH", "/users/me", json: #"{"currentPassword":"password1","newPassword":"password2"}"#,
            token: first)
        #expect(changed.status == 204)
        #expect(await call(app, "GET", "/users/me", token: first).status == 401)
        #expect(await call(app, "GET", "/users/me", token: second).status == 401)
        let fresh = await registerAndLogin(app, "ann", password: "password2")
        #expect(await call(app, "GET", "/users/me", token: fresh).status == 200)
    }

    @Test func anAccountStoredBeforeStampsKeepsItsStamplessTokens() async throws {
        let app = makeApp()
        try await app.users.create(
            User(username: "old", passwordHash: try app.hasher.hash("password1"), roles: [.user], createdAt: ""))
        let token = await registerAndLogin(app, "old", password: "password1")
        #expect(try await app.tokens.verify(token).stamp == nil)
        #expect(await call(app, "GET", "/users/me", token: token).status == 200)
    }

    @Test func eachAuthenticatedRequestReadsTheAccountOnce() async {
        let store = CountingUserStore()
        let app = MoviesApp(
            users: store, movies: InMemoryMovieStore(), tokens: TokenService(keyProvider: StaticKeyProvider(testKeys)),
            hasher: PasswordHasher(cost: 4), logger: JSONLogger(sink: { _ in }))
        let token = await registerAndLogin(app, "ann")
        let before = await store.gets
        #expect(await call(app, "GET", "/users/me", token: token).status == 200)
        #expect(await call(app, "GET", "/users/me", token: token).status == 200)
        #expect(await store.gets - before == 2)
        #expect(await call(app, "GET", "/movies", token: token).status == 200)
        #expect(await store.gets - before == 2)
    }
}
