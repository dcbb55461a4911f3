import Foundation
import Testing

@testable import MoviesAPI

@Suite struct UsersTests {
    @Test func registerAnswers201WithoutHash() async {
        let app = makeApp()
        let answer = await call(app, "POST", "/auth/register", json: #"{"username":"ann","password":"password1"}"#)
        #expect(answer.status == 201)
        #expect(answer.json["username"] as? String == "ann")
        #expect(answer.json["roles"] as? [String] == ["user"])
        #expect(!answer.body.contains("$2b$"))
        #expect(!answer.body.contains("passwordHash"))
    }

    @Test func secondRegistrationOfANameIs409() async {
        let app = makeApp()
        let body = #"{"username":"ann","password":"password1"}"#
        #expect(await call(app, "POST", "/auth/register", json: body).status == 201)
        let again = await call(app, "POST", "/auth/register", json: #"{"username":"ann","password":"other-pass"}"#)
        #expect(again.status == 409)
        #expect(again.errorCode == "username_taken")
    }

    @Test func racingRegistrationsGiveOne201AndOne409() async {
        let app = makeApp()
        let statuses = await withTaskGroup(of: Int.self) { group in
            for index in 0..<8 {
                group.addTask {
                    await call(
                        app, "POST", "/auth/register", json: #"{"username":"race","password":"password\#(index)"}"#
                    )
                    .status
                }
            }
            return await group.reduce(into: [Int]()) { $0.append($1) }
        }
        #expect(statuses.filter { $0 == 201 }.count == 1)
        #expect(statuses.filter { $0 == 409 }.count == 7)
    }

    @Test(arguments: [
        (#"{"username":"ab","password":"password1"}"#, "invalid_username"),
        (#"{"username":"Ann","password":"password1"}"#, "invalid_username"),
        (#"{"username":"a b c","password":"password1"}"#, "invalid_username"),
        (#"{"username":"abcdefghijabcdefghijabcdefghijabc","password":"password1"}"#, "invalid_username"),
        (#"{"username":"ann","password":"short"}"#, "invalid_password"),
        (#"{"username":"ann"}"#, "invalid_body"),
        ("not json", "invalid_body"),
    ])
    func registerValidation(body: String, code: String) async {
        let answer = await call(makeApp(), "POST", "/auth/register", json: body)
        #expect(answer.status == 400)
        #expect(answer.errorCode == code)
    }

    @Test func usernameRulesAllowTheFullAlphabet() {
        #expect(Validator.isValidUsername("a.b-c_9"))
        #expect(Validator.isValidUsername(String(repeating: "z", count: 32)))
        #expect(!Validator.isValidUsername(String(repeating: "z", count: 33)))
        #expect(!Validator.isValidUsername("émile"))
    }

    @Test func loginGivesABearerTokenThatExpiresInAnHour() async {
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let app = makeApp(now: { now })
        _ = await call(app, "POST", "/auth/register", json: #"{"username":"ann","password":"password1"}"#)
        let answer = await call(app, "POST", "/auth/login", json: #"{"username":"ann","password":"password1"}"#)
        #expect(answer.status == 200)
        #expect(answer.json["tokenType"] as? String == "Bearer")
        #expect(answer.json["expiresAt"] as? String == "2027-01-15T09:00:00Z")
        let claims = try? await app.tokens.verify(answer.json["token"] as? String ?? "")
        #expect(claims?.sub == "ann")
        #expect(claims?.exp == 1_800_003_600)
        #expect(claims?.roles == ["user"])
    }

    @Test func unknownUserAndWrongPasswordGiveTheSame401() async {
        let app = makeApp()
        _ = await call(app, "POST", "/auth/register", json: #"{"username":"ann","password":"password1"}"#)
        let wrong = await call(app, "POST", "/auth/login", json: #"{"username":"ann","password":"password2"}"#)
        let unknown = await call(app, "POST", "/auth/login", json: #"{"username":"bob","password":"password1"}"#)
        #expect(wrong.status == 401)
        #expect(unknown.status == 401)
        #expect(wrong.body == unknown.body)
        #expect(wrong.headers == unknown.headers)
    }

    @Test func unknownUserStillCostsAFullBcrypt() async {
        // The dummy hash is cost 12; a login for an unknown name must take as long as a cost-12 verify.
        let app = makeApp()
        let clock = ContinuousClock()
        let elapsed = await clock.measure {
            _ = await call(app, "POST", "/auth/login", json: #"{"username":"nobody","password":"password1"}"#)
        }
        let reference = clock.measure {
            _ = PasswordHasher().verify("password1", against: PasswordHasher.dummyHash)
        }
        #expect(elapsed > reference / 2)
    }

    @Test func meNeedsABearer() async {
        let answer = await call(makeApp(), "GET", "/users/me")
        #expect(answer.status == 401)
        #expect(answer.errorCode == "unauthorized")
        #expect(answer.headers["www-authenticate"] == "Bearer")
    }

    @Test func meShowsTheUserWithoutHash() async {
        let app = makeApp()
        let token = await registerAndLogin(app, "ann")
        let answer = await call(app, "GET", "/users/me", token: token)
        #expect(answer.status == 200)
        #expect(answer.json["username"] as? String == "ann")
        #expect(answer.json["createdAt"] is String)
        #expect(!answer.body.contains("$2b$"))
        #expect(!answer.body.contains("passwordHash"))
    }

    @Test func changePasswordNeedsTheCurrentOne() async {
        let app = makeApp()
        let token = await registerAndLogin(app, "ann", password: "password1")
        let wrong = await call(
            app, "PATCH", "/users/me", json: #"{"currentPassword":"nope-nope","newPassword":"password2"}"#,
            token: token)
        #expect(wrong.status == 403)
        let short = await call(
            app, "PATCH", "/users/me", json: #"{"currentPassword":"password1","newPassword":"short"}"#, token: token)
        #expect(short.status == 400)
        let changed = await call(
            app, "PATCH", "/users/me", json: #"{"currentPassword":"password1","newPassword":"password2"}"#,
            token: token)
        #expect(changed.status == 204)
        let oldLogin = await call(app, "POST", "/auth/login", json: #"{"username":"ann","password":"password1"}"#)
        #expect(oldLogin.status == 401)
        let newLogin = await call(app, "POST", "/auth/login", json: #"{"username":"ann","password":"password2"}"#)
        #expect(newLogin.status == 200)
    }

    @Test func userRoleCannotCallAdminRoutes() async {
        let app = makeApp()
        let token = await registerAndLogin(app, "ann")
        _ = await registerAndLogin(app, "bob")
        #expect(await call(app, "GET", "/users/bob", token: token).status == 403)
        #expect(await call(app, "PUT", "/users/bob/roles", json: #"{"roles":["admin"]}"#, token: token).status == 403)
        let delete = await call(app, "DELETE", "/users/bob", token: token)
        #expect(delete.status == 403)
        #expect(delete.errorCode == "forbidden")
    }

    @Test func promotedAdminManagesUsers() async {
        let app = makeApp(admins: ["root"])
        let admin = await registerAdmin(app, "root")
        _ = await registerAndLogin(app, "ann")
        let me = await call(app, "GET", "/users/me", token: admin)
        #expect(me.json["roles"] as? [String] == ["admin", "user"])
        let get = await call(app, "GET", "/users/ann", token: admin)
        #expect(get.status == 200)
        #expect(!get.body.contains("$2b$"))
        let roles = await call(app, "PUT", "/users/ann/roles", json: #"{"roles":["user","editor"]}"#, token: admin)
        #expect(roles.status == 200)
        #expect(roles.json["roles"] as? [String] == ["editor", "user"])
        let bad = await call(app, "PUT", "/users/ann/roles", json: #"{"roles":["root"]}"#, token: admin)
        #expect(bad.status == 400)
        #expect(await call(app, "GET", "/users/nobody", token: admin).status == 404)
        #expect(await call(app, "DELETE", "/users/ann", token: admin).status == 204)
        #expect(await call(app, "DELETE", "/users/ann", token: admin).status == 404)
    }

    @Test func aUserMayDeleteThemself() async {
        let app = makeApp()
        let token = await registerAndLogin(app, "ann")
        #expect(await call(app, "DELETE", "/users/ann", token: token).status == 204)
        #expect(await call(app, "GET", "/users/me", token: token).status == 401)
    }
}
