import Foundation
import Testing

@testable import MoviesAPI

@Suite struct MoviesTests {
    static let dune = #"{"title":"Dune","year":2021,"genres":["sci-fi","drama"],"director":"Denis Villeneuve"}"#

    @Test func onlyEditorsAndAdminsCreate() async {
        let app = makeApp()
        let user = await registerAndLogin(app, "ann")
        #expect(await call(app, "POST", "/movies", json: Self.dune).status == 401)
        #expect(await call(app, "POST", "/movies", json: Self.dune, token: user).status == 403)
        let editor = await grant(app, "ann", roles: ["user", "editor"])
        let created = await call(app, "POST", "/movies", json: Self.dune, token: editor)
        #expect(created.status == 201)
        let movieId = created.json["movieId"] as? String ?? ""
        #expect(UUID(uuidString: movieId) != nil)
        #expect(created.json["createdBy"] as? String == "ann")
        #expect(created.json["genres"] as? [String] == ["sci-fi", "drama"])
        let fetched = await call(app, "GET", "/movies/\(movieId)")
        #expect(fetched.status == 200)
        #expect(fetched.json["title"] as? String == "Dune")
    }

    @Test func updateKeepsAuthorAndDeleteIsForAdmins() async {
        let app = makeApp()
        _ = await registerAndLogin(app, "ann")
        let editor = await grant(app, "ann", roles: ["editor"])
        let created = await call(app, "POST", "/movies", json: Self.dune, token: editor)
        let movieId = created.json["movieId"] as? String ?? ""
        let updated = await call(
            app, "PUT", "/movies/\(movieId)", json: #"{"title":"Dune: Part One","year":2021}"#, token: editor)
        #expect(updated.status == 200)
        #expect(updated.json["title"] as? String == "Dune: Part One")
        #expect(updated.json["createdBy"] as? String == "ann")
        #expect(updated.json["genres"] as? [String] == [])
        #expect(await call(app, "DELETE", "/movies/\(movieId)", token: editor).status == 403)
        let admin = await registerAdmin(app, "root")
        #expect(await call(app, "DELETE", "/movies/\(movieId)", token: admin).status == 204)
        #expect(await call(app, "GET", "/movies/\(movieId)").status == 404)
        #expect(await call(app, "DELETE", "/movies/\(movieId)", token: admin).status == 404)
        let missing = await call(app, "PUT", "/movies/\(movieId)", json: Self.dune, token: editor)
        #expect(missing.status == 404)
        #expect(missing.errorCode == "movie_not_found")
    }

    @Test func unknownAndMalformedIdsAre404() async {
        let app = makeApp()
        #expect(await call(app, "GET", "/movies/not-a-uuid").status == 404)
        #expect(await call(app, "GET", "/movies/\(UUID().uuidString.lowercased())").status == 404)
    }

    @Test func listPagesWithAnOpaqueCursor() async {
        let app = makeApp()
        let admin = await registerAdmin(app, "root")
        var ids: [String] = []
        for index in 0..<5 {
            let created = await call(
                app, "POST", "/movies", json: #"{"title":"Movie \#(index)","year":2000}"#, token: admin)
            ids.append(created.json["movieId"] as? String ?? "")
        }
        var seen: [String] = []
        var cursor: String?
        var pages = 0
        repeat {
            var query = ["limit": "2"]
            if let cursor { query["cursor"] = cursor }
            let page = await call(app, "GET", "/movies", query: query)
            #expect(page.status == 200)
            let items = page.json["items"] as? [[String: Any]] ?? []
            #expect(items.count <= 2)
            seen += items.compactMap { $0["movieId"] as? String }
            cursor = page.json["nextCursor"] as? String
            #expect(page.json.keys.contains("nextCursor"))
            pages += 1
        } while cursor != nil && pages < 10
        #expect(pages == 3)
        #expect(seen.sorted() == ids.sorted())
        #expect(Set(seen).count == 5)
    }

    @Test func listRejectsBadLimitsAndCursors() async {
        let app = makeApp()
        #expect(await call(app, "GET", "/movies", query: ["limit": "0"]).errorCode == "invalid_limit")
        #expect(await call(app, "GET", "/movies", query: ["limit": "101"]).errorCode == "invalid_limit")
        #expect(await call(app, "GET", "/movies", query: ["limit": "ten"]).errorCode == "invalid_limit")
        #expect(await call(app, "GET", "/movies", query: ["cursor": "garbage!"]).errorCode == "invalid_cursor")
        #expect(await call(app, "GET", "/movies", query: ["cursor": Base64URL.encode(Array("x".utf8))]).status == 400)
        let empty = await call(app, "GET", "/movies")
        #expect(empty.status == 200)
        #expect(empty.body == #"{"items":[],"nextCursor":null}"#)
    }

    static let year = UTCClock.year(of: Date())

    @Test(arguments: [
        (#"{"year":2000}"#, "invalid_title"),
        (#"{"title":"   ","year":2000}"#, "invalid_title"),
        (#"{"title":42,"year":2000}"#, "invalid_title"),
        (#"{"title":"\#(String(repeating: "x", count: 201))","year":2000}"#, "invalid_title"),
        (#"{"title":"A"}"#, "invalid_year"),
        (#"{"title":"A","year":1887}"#, "invalid_year"),
        (#"{"title":"A","year":\#(year + 6)}"#, "invalid_year"),
        (#"{"title":"A","year":2000.5}"#, "invalid_year"),
        (#"{"title":"A","year":"2000"}"#, "invalid_year"),
        (#"{"title":"A","year":2000,"genres":"drama"}"#, "invalid_genres"),
        (#"{"title":"A","year":2000,"genres":[1]}"#, "invalid_genres"),
        (#"{"title":"A","year":2000,"genres":[""]}"#, "invalid_genres"),
        (#"{"title":"A","year":2000,"genres":["a","b","c","d","e","f","g","h","i","j","k"]}"#, "invalid_genres"),
        (#"{"title":"A","year":2000,"director":7}"#, "invalid_director"),
        (#"{"title":"A","year":2000,"description":"\#(String(repeating: "d", count: 2001))"}"#, "invalid_description"),
        ("[1,2]", "invalid_body"),
    ])
    func createValidation(body: String, code: String) async {
        let app = makeApp()
        let admin = await registerAdmin(app, "root")
        let answer = await call(app, "POST", "/movies", json: body, token: admin)
        #expect(answer.status == 400)
        #expect(answer.errorCode == code)
    }

    @Test func yearBoundsAreInclusive() throws {
        #expect(
            try Validator.movieInput(["title": .string("A"), "year": .number(1888)], currentYear: 2026).year == 1888)
        #expect(
            try Validator.movieInput(["title": .string("A"), "year": .number(2031)], currentYear: 2026).year == 2031)
        #expect(throws: APIError.self) {
            try Validator.movieInput(["title": .string("A"), "year": .number(2032)], currentYear: 2026)
        }
    }

    @Test func errorsAreJSONWithoutInternals() async {
        struct Boom: Error {}
        let answer = MoviesApp.errorResponse(.internalError(Boom()))
        #expect(answer.statusCode == 500)
        #expect(answer.body == #"{"error":{"code":"internal_error","message":"internal error"}}"#)
    }
}
