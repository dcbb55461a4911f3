import Foundation
import HoistAWS
import HoistTestSupport
import Testing

@Suite("Signing through the client")
struct SigningTests {
    static let temporary = AWSCredentials(
        accessKeyId: "ASIATEMPORARYKEY", secretAccessKey: "temporary/secret/KEY", sessionToken: "session-token-value")

    /// The headers the signer adds, which an independent re-signing must leave out.
    static let added: Set<String> = ["authorization", "x-amz-date", "x-amz-content-sha256", "x-amz-security-token"]

    /// Splits a recorded URL into its wire path and decoded query.
    static func pathAndQuery(_ url: String) -> (path: String, query: [(name: String, value: String)]) {
        var rest = url
        if let scheme = rest.range(of: "://") { rest = String(rest[scheme.upperBound...]) }
        let pathStart = rest.firstIndex(of: "/") ?? rest.endIndex
        let target = String(rest[pathStart...])
        let parts = target.split(separator: "?", maxSplits: 1)
        let path = parts.first.map(String.init) ?? "/"
        var query: [(name: String, value: String)] = []
        if parts.count > 1 {
            for pair in parts[1].split(separator: "&") {
                let kv = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                query.append(
                    (URIEncoding.decode(String(kv[0])), kv.count > 1 ? URIEncoding.decode(String(kv[1])) : ""))
            }
        }
        return (path.isEmpty ? "/" : path, query)
    }

    /// Re-signs a recorded request with `SigV4Signer` and returns the Authorization it should carry.
    static func recomputedAuthorization(
        _ request: HTTPRequest, credentials: AWSCredentials, region: String, service: String,
        options: SigV4Signer.Options = SigV4Signer.Options()
    ) -> String? {
        let (path, query) = pathAndQuery(request.url)
        let headers = request.headers.filter { !added.contains($0.name.lowercased()) }.map { ($0.name, $0.value) }
        var bytes: [UInt8] = []
        if case .bytes(let body) = request.body { bytes = body }
        let signer = SigV4Signer(credentials: credentials, region: region, service: service, options: options)
        let signature = signer.signHeaders(
            SigV4Request(method: request.method, path: path, query: query, headers: headers), payload: .bytes(bytes),
            date: TestSupport.date)
        return signature.headersToAdd.first { $0.name == "Authorization" }?.value
    }

    @Test("a sent request carries Authorization, X-Amz-Date, x-amz-content-sha256 and the session token")
    func signedHeaders() async throws {
        let transport = FakeTransport([.respond(try .fixture(200, "responses/sts-get-caller-identity.xml"))])
        _ = try await STS(client: TestSupport.client(transport, credentials: Self.temporary)).getCallerIdentity()
        let request = try #require(transport.requests.first)
        #expect(request.method == "POST")
        #expect(request.url == "https://sts.eu-west-1.amazonaws.com/")
        #expect(request.header("Host") == "sts.eu-west-1.amazonaws.com")
        #expect(request.header("X-Amz-Date") == "20261126T150000Z")
        #expect(request.header("x-amz-content-sha256") == SigV4Signer.hexSHA256(Array(request.bodyText.utf8)))
        #expect(request.header("X-Amz-Security-Token") == "session-token-value")
        #expect(request.header("Content-Length") == String(request.bodyText.utf8.count))
        let authorization = try #require(request.header("Authorization"))
        #expect(
            authorization.hasPrefix(
                "AWS4-HMAC-SHA256 Credential=ASIATEMPORARYKEY/20261126/eu-west-1/sts/aws4_request, "))
        #expect(authorization.contains("x-amz-security-token"))
        #expect(request.formParameters["Action"] == "GetCallerIdentity")
        #expect(request.formParameters["Version"] == "2011-06-15")
    }

    @Test("one signature recomputed independently from the recorded request matches")
    func independentSignature() async throws {
        let transport = FakeTransport([.respond(.text(200, "{}"))])
        let client = TestSupport.client(transport, credentials: Self.temporary, region: "eu-central-1")
        let _: AWSEmpty = try await client.restJSON(
            .lambda, "ListFunctions", method: "GET", path: "/2015-03-31/functions/",
            query: [("MaxItems", "50"), ("Marker", "a b/c+d")])
        let request = try #require(transport.requests.first)
        #expect(
            request.url
                == "https://lambda.eu-central-1.amazonaws.com/2015-03-31/functions/?MaxItems=50&Marker=a%20b%2Fc%2Bd")
        let expected = Self.recomputedAuthorization(
            request, credentials: Self.temporary, region: "eu-central-1", service: "lambda")
        #expect(request.header("Authorization") == expected)
        #expect(expected != nil)
        // A different secret gives a different signature, so the comparison means something.
        var wrong = Self.temporary
        wrong.secretAccessKey = "another"
        #expect(
            request.header("Authorization")
                != Self.recomputedAuthorization(request, credentials: wrong, region: "eu-central-1", service: "lambda"))
    }

    @Test(
        "the Host header is the endpoint's host and port",
        arguments: [
            ("http://localhost:5000", "localhost:5000"), ("https://moto.internal:443", "moto.internal"),
            ("http://127.0.0.1:80/", "127.0.0.1"), ("https://gateway.example:8443", "gateway.example:8443"),
        ])
    func hostHeader(endpoint: String, host: String) async throws {
        let transport = FakeTransport([.respond(.text(200, "{}"))])
        let client = TestSupport.client(
            transport, environment: AWSEnvironment(variables: [:], endpointOption: endpoint))
        let _: AWSEmpty = try await client.json(.dynamoDB, "ListTables", AWSEmpty())
        let request = try #require(transport.requests.first)
        #expect(request.header("Host") == host)
        #expect(request.headers(named: "Host").count == 1)
        #expect(request.url.hasPrefix(endpoint.hasSuffix("/") ? String(endpoint.dropLast()) : endpoint))
        #expect(request.header("X-Amz-Target") == "DynamoDB_20120810.ListTables")
        #expect(request.header("Content-Type") == "application/x-amz-json-1.0")
        #expect(request.bodyText == "{}")
    }

    @Test("IAM goes to the global endpoint and is signed for us-east-1 whatever the client's region")
    func iamSigningRegion() async throws {
        let transport = FakeTransport(handler: { _ in
            .text(200, "<GetRoleResponse><GetRoleResult><Role/></GetRoleResult></GetRoleResponse>")
        })
        _ = try await IAM(client: TestSupport.client(transport, region: "ap-southeast-2")).getRole(name: "r")
        let request = try #require(transport.requests.first)
        #expect(request.url == "https://iam.amazonaws.com/")
        #expect(request.header("Host") == "iam.amazonaws.com")
        let authorization = try #require(request.header("Authorization"))
        #expect(authorization.contains("/20261126/us-east-1/iam/aws4_request"))
        #expect(
            authorization
                == Self.recomputedAuthorization(
                    request, credentials: TestSupport.credentials, region: "us-east-1", service: "iam"))
    }

    @Test("S3 signs the wire path as sent (single-encoded); other services encode it again")
    func s3SingleEncoding() async throws {
        let transport = FakeTransport([], otherwise: .respond(HTTPResponse(status: 200)))
        let client = TestSupport.client(transport)
        let path = "/hoist-artifacts/" + AWSPath.key("releases/app v1+2.zip")
        #expect(path == "/hoist-artifacts/releases/app%20v1%2B2.zip")
        _ = try await client.send(AWSRequest(service: .s3, operation: "HeadObject", method: "HEAD", path: path))
        let request = try #require(transport.requests.first)
        #expect(request.url == "https://s3.eu-west-1.amazonaws.com" + path)
        let single = Self.recomputedAuthorization(
            request, credentials: TestSupport.credentials, region: "eu-west-1", service: "s3", options: .s3)
        let double = Self.recomputedAuthorization(
            request, credentials: TestSupport.credentials, region: "eu-west-1", service: "s3")
        #expect(request.header("Authorization") == single)
        #expect(request.header("Authorization") != double)
    }

    @Test("an S3 host prefix (virtual-hosted bucket) goes in the URL and the Host header")
    func hostPrefix() async throws {
        let transport = FakeTransport([], otherwise: .respond(HTTPResponse(status: 200)))
        _ = try await TestSupport.client(transport).send(
            AWSRequest(service: .s3, operation: "HeadBucket", method: "HEAD", path: "/", hostPrefix: "my-bucket"))
        let request = try #require(transport.requests.first)
        #expect(request.url == "https://my-bucket.s3.eu-west-1.amazonaws.com/")
        #expect(request.header("Host") == "my-bucket.s3.eu-west-1.amazonaws.com")
        #expect(request.header("Content-Length") == nil)
    }

    @Test("with no credential provider nothing is signed")
    func unsigned() async throws {
        let transport = FakeTransport([.respond(.text(200, "{}"))])
        let _: AWSEmpty = try await TestSupport.client(transport, credentials: nil).json(
            .secretsManager, "ListSecrets", AWSEmpty())
        let request = try #require(transport.requests.first)
        #expect(request.header("Authorization") == nil)
        #expect(request.header("X-Amz-Date") == nil)
        #expect(request.header("X-Amz-Security-Token") == nil)
        #expect(request.header("Host") == "secretsmanager.eu-west-1.amazonaws.com")
        #expect(request.header("X-Amz-Target") == "secretsmanager.ListSecrets")
    }

    @Test("a provider with no credentials fails the call before anything is sent, without retries")
    func noCredentials() async throws {
        struct Empty: CredentialProvider {
            var source: String { "nothing" }
            func credentials() async throws -> AWSCredentials? { nil }
        }
        let transport = FakeTransport([.respond(.text(200, "{}"))])
        let client = AWSClient(
            transport: transport, credentialProvider: Empty(), region: "eu-west-1",
            environment: AWSEnvironment(variables: [:]), sleep: { _ in Issue.record("no retry expected") })
        let error = try await #require(throws: AWSError.self) {
            let _: AWSEmpty = try await client.json(.dynamoDB, "ListTables", AWSEmpty())
        }
        #expect(error.code == "CredentialsError")
        #expect(error.message.contains("nothing"))
        #expect(transport.callCount == 0)
    }
}

@Suite("Signing file bodies")
struct FileBodySigningTests {
    @Test("a file body with no payload given is not signed as an empty body")
    func fileBodyWithoutPayload() async throws {
        let transport = FakeTransport([], otherwise: .respond(HTTPResponse(status: 200)))
        let client = TestSupport.client(transport)
        _ = try await client.send(
            AWSRequest(
                service: .s3, operation: "PutObject", method: "PUT", path: "/bucket/app.zip",
                body: .file(path: "/tmp/app.zip", offset: 0, length: 1024)))
        let request = try #require(transport.requests.first)
        #expect(request.header("Content-Length") == "1024")
        #expect(request.header("x-amz-content-sha256") != SigV4Signer.hexSHA256([]))
        #expect(request.header("x-amz-content-sha256") == "UNSIGNED-PAYLOAD")
    }

    @Test("a file body with a caller-computed hash is signed with that hash")
    func fileBodyWithHash() async throws {
        let transport = FakeTransport([], otherwise: .respond(HTTPResponse(status: 200)))
        let hash = String(repeating: "ab", count: 32)
        _ = try await TestSupport.client(transport).send(
            AWSRequest(
                service: .lambda, operation: "UpdateFunctionCode", method: "PUT", path: "/x",
                body: .file(path: "/tmp/app.zip", offset: 10, length: 5), payload: .sha256Hex(hash)))
        #expect(transport.requests.first?.header("x-amz-content-sha256") == hash)
        #expect(transport.requests.first?.body == .file(path: "/tmp/app.zip", offset: 10, length: 5))
    }
}
