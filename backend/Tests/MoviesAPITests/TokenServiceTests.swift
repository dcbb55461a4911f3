import Crypto
import Foundation
import Testing

@testable import MoviesAPI

@Suite struct TokenServiceTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)
    var service: TokenService { TokenService(keyProvider: StaticKeyProvider(testKeys), now: { [now] in now }) }

    func forge(header: String, payload: String, key: [UInt8]?) -> String {
        let input = Base64URL.encode(Array(header.utf8)) + "." + Base64URL.encode(Array(payload.utf8))
        guard let key else { return input + "." }
        let mac = HMAC<SHA256>.authenticationCode(for: Array(input.utf8), using: SymmetricKey(data: key))
        return input + "." + Base64URL.encode(mac)
    }

    var validPayload: String {
        #"{"sub":"ann","roles":["user"],"iat":1800000000,"exp":1800003600,"iss":"movies-api"}"#
    }

    func rejects(_ token: String) async -> Bool {
        do {
            _ = try await service.verify(token)
            return false
        } catch let error as APIError {
            return error.status == 401
        } catch {
            return false
        }
    }

    @Test func issuedTokenVerifiesAndCarriesKidAndClaims() async throws {
        let issued = try await service.issue(username: "ann", roles: [.user, .editor])
        let header = String(decoding: Base64URL.decode(issued.token.split(separator: ".")[0]) ?? [], as: UTF8.self)
        #expect(header == #"{"alg":"HS256","kid":"v-current","typ":"JWT"}"#)
        let claims = try await service.verify(issued.token)
        #expect(
            claims
                == TokenClaims(
                    sub: "ann", roles: ["user", "editor"], iat: 1_800_000_000, exp: 1_800_003_600, iss: "movies-api"))
    }

    @Test func forgedValidTokenIsAccepted() async {
        let token = forge(
            header: #"{"alg":"HS256","kid":"v-current"}"#, payload: validPayload, key: testKeys.current.secret)
        #expect(await !rejects(token))
    }

    @Test func previousVersionStillVerifies() async {
        let token = forge(
            header: #"{"alg":"HS256","kid":"v-previous"}"#, payload: validPayload, key: testKeys.previous!.secret)
        #expect(await !rejects(token))
    }

    @Test func algNoneIsRejected() async {
        #expect(await rejects(forge(header: #"{"alg":"none","kid":"v-current"}"#, payload: validPayload, key: nil)))
        #expect(await rejects(forge(header: #"{"alg":"none"}"#, payload: validPayload, key: nil)))
        #expect(await rejects(forge(header: #"{"alg":"None","kid":"v-current"}"#, payload: validPayload, key: nil)))
    }

    @Test func otherAlgorithmsAreRejected() async {
        let key = testKeys.current.secret
        #expect(await rejects(forge(header: #"{"alg":"HS512","kid":"v-current"}"#, payload: validPayload, key: key)))
        #expect(await rejects(forge(header: #"{"alg":"RS256","kid":"v-current"}"#, payload: validPayload, key: key)))
    }

    @Test func anotherKeyIsRejected() async {
        let token = forge(
            header: #"{"alg":"HS256","kid":"v-current"}"#, payload: validPayload, key: Array("attacker-key".utf8))
        #expect(await rejects(token))
    }

    @Test func unknownOrMissingKidIsRejected() async {
        let key = testKeys.current.secret
        #expect(await rejects(forge(header: #"{"alg":"HS256","kid":"v-old"}"#, payload: validPayload, key: key)))
        #expect(await rejects(forge(header: #"{"alg":"HS256"}"#, payload: validPayload, key: key)))
    }

    @Test func expiredIsRejected() async {
        let payload = #"{"sub":"ann","roles":["user"],"iat":1799990000,"exp":1800000000,"iss":"movies-api"}"#
        #expect(
            await rejects(
                forge(header: #"{"alg":"HS256","kid":"v-current"}"#, payload: payload, key: testKeys.current.secret)))
    }

    @Test func wrongIssuerIsRejected() async {
        let payload = #"{"sub":"ann","roles":["user"],"iat":1800000000,"exp":1800003600,"iss":"elsewhere"}"#
        #expect(
            await rejects(
                forge(header: #"{"alg":"HS256","kid":"v-current"}"#, payload: payload, key: testKeys.current.secret)))
    }

    @Test func tamperedRolesClaimIsRejected() async throws {
        let issued = try await service.issue(username: "ann", roles: [.user])
        let parts = issued.token.split(separator: ".").map(String.init)
        let tampered = #"{"exp":1800003600,"iat":1800000000,"iss":"movies-api","roles":["admin"],"sub":"ann"}"#
        let token = parts[0] + "." + Base64URL.encode(Array(tampered.utf8)) + "." + parts[2]
        #expect(await rejects(token))
    }

    @Test func tamperedRolesCannotReachAnAdminRoute() async throws {
        let app = makeApp()
        let token = await registerAndLogin(app, "ann")
        let parts = token.split(separator: ".").map(String.init)
        var claims = try JSONSerialization.jsonObject(with: Data(Base64URL.decode(parts[1]) ?? [])) as! [String: Any]
        claims["roles"] = ["admin"]
        let payload = try JSONSerialization.data(withJSONObject: claims)
        let forged = parts[0] + "." + Base64URL.encode(payload) + "." + parts[2]
        let answer = await call(app, "GET", "/users/ann", token: forged)
        #expect(answer.status == 401)
    }

    @Test func garbageIsRejected() async {
        for token in ["", "a.b", "a.b.c.d", "!!.!!.!!", "e30.e30.e30"] {
            #expect(await rejects(token))
        }
    }

    @Test func base64URLRoundTrips() {
        for length in 0..<10 {
            let bytes = (0..<length).map { UInt8(truncatingIfNeeded: $0 * 77 + 250) }
            #expect(Base64URL.decode(Base64URL.encode(bytes)) == bytes)
        }
        #expect(Base64URL.decode("ab+c") == nil)
    }
}
