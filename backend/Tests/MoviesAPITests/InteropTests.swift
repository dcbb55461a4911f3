import Foundation
import HoistTestSupport
import Testing

@testable import MoviesAPI

/// Runs a Python snippet with arguments; returns its exit status and standard output.
func runPython(_ script: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
    let result = try ProcessRunner.python(script, arguments)
    return (result.status, result.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
}

/// Whether the pinned interop peers are importable (CI requires them: `HOIST_REQUIRE_MOTO=1`).
let interopPeersAvailable: Bool = {
    if MotoTestBed.required { return true }
    return (try? runPython("import jwt, passlib.hash, bcrypt", []).status) == 0
}()

@Suite(
    .enabled(
        if: interopPeersAvailable,
        "needs python3 with PyJWT, passlib 1.7.4 and bcrypt 4.0.1 (scripts/requirements-test.txt)"))
struct InteropTests {
    @Test func peersArePinned() throws {
        let versions = try runPython("import passlib, bcrypt; print(passlib.__version__, bcrypt.__version__)", [])
        #expect(versions.output == "1.7.4 4.0.1")
    }

    @Test func backendTokenVerifiesWithPyJWT() async throws {
        let service = TokenService(keyProvider: StaticKeyProvider(testKeys))
        let issued = try await service.issue(username: "ann", roles: [.user, .editor])
        let script = """
            import json, sys, jwt
            token, secret = sys.argv[1], sys.argv[2]
            header = jwt.get_unverified_header(token)
            claims = jwt.decode(token, secret, algorithms=["HS256"], issuer="movies-api",
                                options={"require": ["exp", "iat", "sub", "iss"]})
            print(json.dumps({"kid": header["kid"], "sub": claims["sub"], "roles": claims["roles"],
                              "ttl": claims["exp"] - claims["iat"]}, sort_keys=True))
            """
        let secret = String(decoding: testKeys.current.secret, as: UTF8.self)
        let result = try runPython(script, [issued.token, secret])
        #expect(result.status == 0)
        #expect(result.output == #"{"kid": "v-current", "roles": ["user", "editor"], "sub": "ann", "ttl": 3600}"#)
        let wrongKey = try runPython(script, [issued.token, "another-secret"])
        #expect(wrongKey.status != 0)
    }

    @Test func pyJWTTokenVerifiesInTheBackend() async throws {
        let script = """
            import sys, time, jwt
            now = int(time.time())
            print(jwt.encode({"sub": "bob", "roles": ["admin"], "iat": now, "exp": now + 60, "iss": "movies-api"},
                             sys.argv[1], algorithm="HS256", headers={"kid": "v-previous"}))
            """
        let result = try runPython(script, [String(decoding: testKeys.previous!.secret, as: UTF8.self)])
        #expect(result.status == 0)
        let claims = try await TokenService(keyProvider: StaticKeyProvider(testKeys)).verify(result.output)
        #expect(claims.sub == "bob")
        #expect(claims.roles == ["admin"])
    }

    @Test func passlibHashVerifiesInTheBackend() throws {
        let script = """
            import sys
            from passlib.hash import bcrypt
            print(bcrypt.using(rounds=12, ident="2b").hash(sys.argv[1]))
            """
        let result = try runPython(script, ["pässword-ünïcode"])
        #expect(result.status == 0)
        #expect(result.output.hasPrefix("$2b$12$"))
        #expect(PasswordHasher().verify("pässword-ünïcode", against: result.output))
        #expect(!PasswordHasher().verify("password-unicode", against: result.output))
    }

    @Test func backendHashVerifiesInPasslib() throws {
        let hash = try PasswordHasher().hash("correct horse battery")
        let script = """
            import sys
            from passlib.hash import bcrypt
            print(bcrypt.verify(sys.argv[1], sys.argv[2]), bcrypt.verify(sys.argv[1] + "x", sys.argv[2]))
            """
        let result = try runPython(script, ["correct horse battery", hash])
        #expect(result.status == 0)
        #expect(result.output == "True False")
    }
}
