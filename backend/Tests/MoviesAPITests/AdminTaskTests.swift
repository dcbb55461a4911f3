import Foundation
import LambdaRuntime
import Testing

@testable import MoviesAPI

/// Issue 15 item 10: public registration never yields an administrator; the operator task does.
@Suite struct AdminTaskTests {
    /// Sends raw event bytes through the Lambda handler, as the Runtime API hands them over.
    func invoke(_ app: MoviesApp, _ event: String) async throws -> [String: Any] {
        let handler = BackendFactory.handler(for: app)
        let answer = try await handler(
            Array(event.utf8), Invocation(requestId: "operator", deadlineMilliseconds: 0, event: Array(event.utf8)))
        return try JSONSerialization.jsonObject(with: Data(answer)) as? [String: Any] ?? [:]
    }

    @Test func registeringAConfiguredAdminNamePubliclyGivesNoAdminRole() async throws {
        let app = makeApp(admins: ["root"])
        let registered = await call(
            app, "POST", "/auth/register", json: #"{"username":"root","password":"correct horse"}"#)
        #expect(registered.status == 201)
        #expect(registered.json["roles"] as? [String] == ["user"])
        let token = await registerAndLogin(app, "root")
        #expect(try await app.tokens.verify(token).roles == ["user"])
        #expect(await call(app, "GET", "/users/me", token: token).json["roles"] as? [String] == ["user"])
        _ = await registerAndLogin(app, "ann")
        #expect(await call(app, "GET", "/users/ann", token: token).status == 403)
        #expect(await call(app, "DELETE", "/users/ann", token: token).status == 403)
    }

    @Test func theOperatorTaskPromotesByDirectInvocation() async throws {
        let app = makeApp(admins: ["root"])
        let token = await registerAndLogin(app, "root")
        _ = await registerAndLogin(app, "ann")
        #expect(await call(app, "GET", "/users/ann", token: token).status == 403)
        let answer = try await invoke(app, #"{"hoist_admin":{"promote":"root"}}"#)
        let result = answer["hoist_admin"] as? [String: Any]
        #expect(result?["username"] as? String == "root")
        #expect(result?["roles"] as? [String] == ["admin", "user"])
        // Roles are read from the store on each request: the token signed in before the promotion now works.
        #expect(await call(app, "GET", "/users/ann", token: token).status == 200)
        let demoted = try await invoke(app, #"{"hoist_admin":{"demote":"root"}}"#)
        #expect((demoted["hoist_admin"] as? [String: Any])?["roles"] as? [String] == ["user"])
        #expect(await call(app, "GET", "/users/ann", token: token).status == 403)
    }

    @Test func anHTTPEventNeverRunsAnOperatorTask() async throws {
        let app = makeApp(admins: ["root"])
        let token = await registerAndLogin(app, "root")
        // Whatever a client controls (body, headers, path) lands inside a payload 2.0 event with its
        // requestContext: decoded as HTTP, never as a task, even with a top-level hoist_admin beside it.
        let body = Data(#"{"hoist_admin":{"promote":"root"}}"#.utf8).base64EncodedString()
        let event = """
            {"version":"2.0","rawPath":"/auth/register","hoist_admin":{"promote":"root"},
             "headers":{"hoist_admin":"{\\"promote\\":\\"root\\"}"},"body":"\(body)","isBase64Encoded":true,
             "requestContext":{"http":{"method":"POST","path":"/auth/register"}}}
            """
        let answer = try await invoke(app, event)
        #expect(answer["statusCode"] as? Int == 400)
        #expect(answer["hoist_admin"] == nil)
        #expect(await call(app, "GET", "/users/me", token: token).json["roles"] as? [String] == ["user"])
        #expect(throws: AdminTaskError.self) {
            try JSONDecoder().decode(
                AdminTask.self, from: Data(#"{"requestContext":{},"hoist_admin":{"promote":"root"}}"#.utf8))
        }
    }

    @Test func promotionIsRefusedOutsideAdminUsernamesAndForUnknownUsers() async throws {
        let app = makeApp(admins: ["root"])
        _ = await registerAndLogin(app, "ann")
        await #expect { try await app.run(AdminTask(.promote, username: "ann")) } throws: {
            ($0 as? AdminTaskError)?.code == "not_in_admin_usernames"
        }
        await #expect { try await app.run(AdminTask(.promote, username: "root")) } throws: {
            ($0 as? AdminTaskError)?.code == "user_not_found"
        }
        let open = makeApp(admins: [])
        _ = await registerAndLogin(open, "ann")
        #expect(try await open.run(AdminTask(.promote, username: "ann")).roles == [.admin, .user])
    }

    @Test(arguments: [
        #"{"hoist_admin":{}}"#, #"{"hoist_admin":{"promote":"a","demote":"a"}}"#,
        #"{"hoist_admin":{"delete":"root"}}"#, #"{"hoist_admin":"promote root"}"#,
    ])
    func malformedTasksFailTheInvocation(event: String) async throws {
        let app = makeApp(admins: ["root"])
        _ = await registerAndLogin(app, "root")
        await #expect(throws: (any Error).self) { try await invoke(app, event) }
        #expect(try await app.users.get("root")?.roles == [.user])
    }
}
