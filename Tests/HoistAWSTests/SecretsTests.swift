import Foundation
import HoistAWS
import HoistTestSupport
import Testing

@Suite("Secrets are never printed")
struct SecretsTests {
    static let secret = "SECRETwJalrXUtnFEMIK7MDENG"
    static let token = "TOKENFwoGZXIvYXdzEBYaDH"
    static let credentials = AWSCredentials(
        accessKeyId: "ASIAVISIBLEKEYID", secretAccessKey: secret, sessionToken: token,
        expiration: Date(timeIntervalSince1970: 1_795_712_400))

    func expectHidden(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(!text.contains(Self.secret), "secret printed: \(text)", sourceLocation: sourceLocation)
        #expect(!text.contains(Self.token), "token printed: \(text)", sourceLocation: sourceLocation)
    }

    @Test("AWSCredentials: description, debug description and interpolation hide secret and token")
    func credentialsDescription() {
        let text = String(describing: Self.credentials)
        expectHidden(text)
        expectHidden(String(reflecting: Self.credentials))
        expectHidden("\(Self.credentials)")
        expectHidden(String(describing: [Self.credentials]))
        expectHidden(String(describing: Optional(Self.credentials)))
        #expect(text.contains("ASIAVISIBLEKEYID"))
        #expect(text.contains("(sensitive)"))
    }

    @Test("values holding credentials print them through the hiding description")
    func holders() {
        expectHidden(String(describing: StaticCredentialProvider(Self.credentials)))
        expectHidden(String(describing: SigV4Signer(credentials: Self.credentials, region: "r", service: "s")))
        let client = TestSupport.client(FakeTransport(), credentials: Self.credentials)
        expectHidden(String(describing: client))
    }

    @Test("errors from signing, refused AssumeRole and broken sources hide the keys")
    func errors() async throws {
        // A call whose credentials cannot be had.
        struct Failing: CredentialProvider {
            var source: String { "failing" }
            func credentials() async throws -> AWSCredentials? {
                throw CredentialError(code: .providerFailed, message: "no")
            }
        }
        let client = AWSClient(
            transport: FakeTransport(), credentialProvider: Failing(), region: "eu-west-1",
            environment: AWSEnvironment(variables: [:]))
        let signing = try await #require(throws: AWSError.self) {
            _ = try await client.send(
                AWSRequest(service: .lambda, operation: "ListFunctions", method: "GET", path: "/"))
        }
        expectHidden(String(describing: signing))

        // AssumeRole refused, signed with secret keys from a profile.
        let config = SharedConfig.parse(
            credentials: "[base]\naws_access_key_id = AKIABASE\naws_secret_access_key = \(Self.secret)\n",
            config: "[profile deploy]\nrole_arn = arn:aws:iam::1:role/d\nsource_profile = base\n")
        let refusing = FakeTransport([.respond(try .fixture(403, "errors/query-access-denied.xml"))])
        let sts = STS(client: TestSupport.client(refusing, credentials: nil))
        let provider = ProfileCredentialProvider(
            profile: "deploy", config: config, variables: [:], sts: sts, explicitlyChosen: true)
        let refused = try await #require(throws: CredentialError.self) { try await provider.credentials() }
        expectHidden(String(describing: refused))
        expectHidden(String(reflecting: refused))

        // A profile with a secret but no key id.
        let half = ProfileCredentialProvider(
            profile: "half",
            config: SharedConfig.parse(credentials: "[half]\naws_secret_access_key = \(Self.secret)\n", config: nil),
            variables: [:], sts: sts, explicitlyChosen: true)
        let invalid = try await #require(throws: CredentialError.self) { try await half.credentials() }
        #expect(invalid.code == .invalidConfiguration)
        expectHidden(String(describing: invalid))

        // A secret set without a key id is ignored; a key id without a secret names neither value.
        let environment = EnvironmentCredentialProvider(variables: ["AWS_ACCESS_KEY_ID": "AKIAONLY"])
        let missing = try await #require(throws: CredentialError.self) { try await environment.credentials() }
        expectHidden(String(describing: missing))
    }

    @Test("a web identity token does not appear in the errors of a refused exchange")
    func webIdentityToken() async throws {
        let directory = try TemporaryDirectory()
        let tokenFile = try directory.write("token", Self.token)
        let transport = FakeTransport([.respond(try .fixture(400, "errors/query-invalid-identity-token.xml"))])
        let provider = WebIdentityCredentialProvider(
            variables: ["AWS_ROLE_ARN": "arn:aws:iam::1:role/ci", "AWS_WEB_IDENTITY_TOKEN_FILE": tokenFile],
            sts: STS(client: TestSupport.client(transport, credentials: nil)))
        let error = try await #require(throws: CredentialError.self) { try await provider.credentials() }
        #expect(error.code == .providerFailed)
        #expect((error.underlying as? AWSError)?.code == "InvalidIdentityToken")
        expectHidden(String(describing: error))
        #expect(transport.requests.first?.formParameters["WebIdentityToken"] == Self.token)
    }
}
