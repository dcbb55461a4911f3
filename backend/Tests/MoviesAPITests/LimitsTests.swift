import Foundation
import LambdaRuntime
import Testing

@testable import MoviesAPI

/// Issue 15 item 12: limits count Unicode scalars, and the body has a size cap, both answered in the API's
/// error shape instead of a 500 from DynamoDB's 400 KB item limit.
@Suite struct LimitsTests {
    /// One character: `a` followed by `marks` combining acute accents (2 UTF-8 bytes each).
    static func oneCharacter(marks: Int) -> String {
        "a" + String(repeating: "\u{301}", count: marks)
    }

    func create(_ body: String, isBase64Encoded: Bool = false) async -> Answer {
        let app = makeApp()
        let admin = await registerAdmin(app, "root")
        guard isBase64Encoded else { return await call(app, "POST", "/movies", json: body, token: admin) }
        let request = APIGatewayV2Request(
            method: "POST", path: "/movies",
            headers: ["content-type": "application/json", "authorization": "Bearer \(admin)"],
            body: Data(body.utf8).base64EncodedString(), isBase64Encoded: true)
        let response = await app.handle(request, requestId: "limits")
        return Answer(status: response.statusCode, headers: response.headers ?? [:], body: response.body ?? "")
    }

    @Test func oneCharacterOfManyCombiningMarksIsAFieldTooLong() async {
        let title = Self.oneCharacter(marks: 1_000)
        #expect(title.count == 1)
        let answer = await create(#"{"title":"\#(title)","year":2000}"#)
        #expect(answer.status == 400)
        #expect(answer.errorCode == "invalid_title")
        let description = await create(#"{"title":"A","year":2000,"description":"\#(title + title + title)"}"#)
        #expect(description.errorCode == "invalid_description")
        let genre = await create(#"{"title":"A","year":2000,"genres":["\#(Self.oneCharacter(marks: 40))"]}"#)
        #expect(genre.errorCode == "invalid_genres")
    }

    @Test func limitsAtTheirBoundAreAccepted() async {
        let title = Self.oneCharacter(marks: Validator.maxTitleLength - 1)
        #expect(title.unicodeScalars.count == Validator.maxTitleLength)
        #expect(await create(#"{"title":"\#(title)","year":2000}"#).status == 201)
    }

    @Test(arguments: [false, true])
    func threeHundredKilobytesInOneCharacterIs413(isBase64Encoded: Bool) async {
        let title = Self.oneCharacter(marks: 150_000)
        #expect(title.utf8.count > 300_000)
        let answer = await create(#"{"title":"\#(title)","year":2000}"#, isBase64Encoded: isBase64Encoded)
        #expect(answer.status == 413)
        #expect(answer.body == #"{"error":{"code":"body_too_large","message":"the body must be at most 65536 bytes"}}"#)
    }

    @Test func theBodyCapAppliesBeforeAnyRouteDecodes() async {
        let padding = String(repeating: " ", count: MoviesApp.maxBodyBytes)
        let answer = await call(
            makeApp(), "POST", "/auth/register", json: #"{"username":"ann","password":"password1"}"# + padding)
        #expect(answer.status == 413)
        #expect(answer.errorCode == "body_too_large")
        let fits = await call(makeApp(), "POST", "/auth/register", json: #"{"username":"ann","password":"password1"}"#)
        #expect(fits.status == 201)
    }

    @Test func passwordLengthCountsScalars() throws {
        #expect(throws: APIError.self) { try Validator.newPassword(Self.oneCharacter(marks: 6)) }
        #expect(try Validator.newPassword(Self.oneCharacter(marks: 7)) == Self.oneCharacter(marks: 7))
    }
}
