import Foundation
import HoistAWS
import HoistTestSupport
import Testing

/// The SDKs' rules for the container credential endpoint: what is fetched, and what is refused unsent.
@Suite("container credential URIs")
struct ContainerCredentialURITests {
    /// A transport that would answer with valid credentials, so only the URI check can stop the call.
    static func transport() throws -> FakeTransport {
        FakeTransport(otherwise: .respond(try .fixture(200, "responses/container-credentials.json")))
    }

    @Test(
        "allowed full URIs: https anywhere, http to loopback and the ECS / EKS agents",
        arguments: [
            "https://credentials.example.com/v1", "http://127.0.0.1:8080/creds", "http://127.3.4.5/creds",
            "http://localhost/creds", "http://[::1]:9000/creds", "http://169.254.170.2/v2/credentials",
            "http://169.254.170.23/v1/credentials", "http://[fd00:ec2::23]/v1/credentials",
        ])
    func allowedFullURI(_ uri: String) async throws {
        let transport = try Self.transport()
        let provider = ContainerCredentialProvider(
            variables: ["AWS_CONTAINER_CREDENTIALS_FULL_URI": uri, "AWS_CONTAINER_AUTHORIZATION_TOKEN": "token"],
            transport: transport)
        #expect(try await provider.credentials()?.accessKeyId == "ASIACONTAINERKEY")
        #expect(transport.requests.map(\.url) == [uri])
    }

    @Test(
        "refused full URIs: plain http elsewhere, other schemes; nothing is sent and the variable is named",
        arguments: [
            "http://evil.example/creds", "http://10.0.0.1/creds", "http://169.254.169.254/latest",
            "http://127.0.0.1.evil.example/", "http://169.254.170.2@evil.example/", "file:///etc/passwd",
            "ftp://127.0.0.1/creds", "gopher://localhost/", "http://[fd00:ec2::24]/", "not a url",
        ])
    func refusedFullURI(_ uri: String) async throws {
        let transport = try Self.transport()
        let provider = ContainerCredentialProvider(
            variables: ["AWS_CONTAINER_CREDENTIALS_FULL_URI": uri, "AWS_CONTAINER_AUTHORIZATION_TOKEN": "token"],
            transport: transport)
        let error = try await #require(throws: CredentialError.self) { try await provider.credentials() }
        #expect(error.code == .untrustedEndpoint)
        #expect(error.message.contains("AWS_CONTAINER_CREDENTIALS_FULL_URI"))
        #expect(transport.callCount == 0)
    }

    @Test(
        "a relative URI must be a path: '@evil.example/' and others are refused unsent",
        arguments: ["@evil.example/", "evil", ".evil.example/x", ":8080@evil.example/"])
    func refusedRelativeURI(_ uri: String) async throws {
        let transport = try Self.transport()
        let provider = ContainerCredentialProvider(
            variables: ["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI": uri, "AWS_CONTAINER_AUTHORIZATION_TOKEN": "token"],
            transport: transport)
        let error = try await #require(throws: CredentialError.self) { try await provider.credentials() }
        #expect(error.code == .untrustedEndpoint)
        #expect(error.message.contains("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"))
        #expect(transport.callCount == 0)
    }

    @Test("a token with a line break is not sent (no header injection)")
    func tokenWithLineBreak() async throws {
        let transport = try Self.transport()
        let provider = ContainerCredentialProvider(
            variables: [
                "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI": "/v2/credentials",
                "AWS_CONTAINER_AUTHORIZATION_TOKEN": "token\r\nX-Injected: 1",
            ], transport: transport)
        let error = try await #require(throws: CredentialError.self) { try await provider.credentials() }
        #expect(error.code == .invalidConfiguration)
        #expect(transport.callCount == 0)
    }
}
