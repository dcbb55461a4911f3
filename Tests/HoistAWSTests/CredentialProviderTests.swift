import Foundation
import HoistAWS
import HoistTestSupport
import Testing

/// Answers STS from fixtures, refuses the metadata addresses like a machine off EC2, and records the rest.
func credentialServicesTransport() -> FakeTransport {
    FakeTransport(handler: { request in
        if request.url.hasPrefix("http://169.254.169.254") {
            throw TransportError(code: .connectFailed, message: "No route to host", url: request.url)
        }
        switch request.formParameters["Action"] {
        case "AssumeRole": return try .fixture(200, "responses/sts-assume-role.xml")
        case "AssumeRoleWithWebIdentity": return try .fixture(200, "responses/sts-assume-role-web-identity.xml")
        default:
            throw TransportError(code: .other, message: "unexpected \(request.method)", url: request.url)
        }
    })
}

func standardChain(
    variables: [String: String], profileOption: String? = nil, config: String? = nil, credentials: String? = nil,
    transport: FakeTransport
) -> CredentialChain {
    let environment = AWSEnvironment(variables: variables, profileOption: profileOption)
    return CredentialChain.standard(
        environment: environment, sharedConfig: SharedConfig.parse(credentials: credentials, config: config),
        transport: transport, region: "eu-west-1")
}

/// The access key id in a SigV4 Authorization header.
func signingKeyId(_ request: HTTPRequest) -> String? {
    guard let authorization = request.header("Authorization"),
        let range = authorization.range(of: "Credential=")
    else { return nil }
    return String(authorization[range.upperBound...].prefix { $0 != "/" })
}

@Suite("Credential chain: sources and order")
struct CredentialSourceTests {
    static let environmentKeys = [
        "AWS_ACCESS_KEY_ID": "AKIAENVIRONMENT", "AWS_SECRET_ACCESS_KEY": "environment/secret",
        "AWS_SESSION_TOKEN": "environment-token",
    ]

    static let profiles = """
        [default]
        aws_access_key_id = AKIADEFAULTPROFILE
        aws_secret_access_key = default/profile/secret
        [dev]
        aws_access_key_id = AKIADEVPROFILE
        aws_secret_access_key = dev/profile/secret
        """

    @Test("environment keys beat the profile, even with AWS_PROFILE set")
    func environmentFirst() async throws {
        let transport = credentialServicesTransport()
        for variables in [Self.environmentKeys, Self.environmentKeys.merging(["AWS_PROFILE": "dev"]) { $1 }] {
            let chain = standardChain(variables: variables, credentials: Self.profiles, transport: transport)
            let credentials = try await chain.credentials()
            #expect(
                credentials
                    == AWSCredentials(
                        accessKeyId: "AKIAENVIRONMENT", secretAccessKey: "environment/secret",
                        sessionToken: "environment-token"))
            #expect(chain.source == "environment")
        }
        #expect(transport.callCount == 0)
    }

    @Test("--profile skips the environment keys")
    func profileOptionSkipsEnvironment() async throws {
        let chain = standardChain(
            variables: Self.environmentKeys, profileOption: "dev", credentials: Self.profiles,
            transport: credentialServicesTransport())
        let credentials = try await chain.credentials()
        #expect(credentials?.accessKeyId == "AKIADEVPROFILE")
        #expect(credentials?.sessionToken == nil)
        #expect(chain.source.hasPrefix("profile dev"))
    }

    @Test("without environment keys the default profile is used")
    func defaultProfile() async throws {
        let chain = standardChain(variables: [:], credentials: Self.profiles, transport: credentialServicesTransport())
        #expect(try await chain.credentials()?.accessKeyId == "AKIADEFAULTPROFILE")
    }

    @Test("an explicitly chosen profile that does not exist is profileNotFound", arguments: [true, false])
    func missingProfile(byOption: Bool) async throws {
        let chain = standardChain(
            variables: byOption ? [:] : ["AWS_PROFILE": "nope"], profileOption: byOption ? "nope" : nil,
            credentials: Self.profiles, transport: credentialServicesTransport())
        let error = try await #require(throws: CredentialError.self) { try await chain.credentials() }
        #expect(error.code == .profileNotFound)
        #expect(error.message.contains("'nope'"))
    }

    @Test("AWS_ACCESS_KEY_ID without a secret is invalidConfiguration")
    func halfEnvironment() async throws {
        let provider = EnvironmentCredentialProvider(variables: ["AWS_ACCESS_KEY_ID": "AKIAONLY"])
        let error = try await #require(throws: CredentialError.self) { try await provider.credentials() }
        #expect(error.code == .invalidConfiguration)
        #expect(try await EnvironmentCredentialProvider(variables: [:]).credentials() == nil)
    }

    @Test("no source: noCredentials naming every source tried")
    func noSource() async throws {
        let transport = credentialServicesTransport()
        let chain = standardChain(variables: [:], transport: transport)
        let error = try await #require(throws: CredentialError.self) { try await chain.credentials() }
        #expect(error.code == .noCredentials)
        for source in ["environment", "web identity", "profile default", "container credentials", "instance metadata"] {
            #expect(error.message.contains(source), "\(source) missing from: \(error.message)")
        }
        // Only IMDS was asked, and it did not answer.
        #expect(transport.requests.map(\.method) == ["PUT"])
    }

    @Test("a source that fails stops the chain with its error")
    func failingSourceStops() async throws {
        struct Broken: CredentialProvider {
            var source: String { "broken" }
            func credentials() async throws -> AWSCredentials? {
                throw CredentialError(code: .providerFailed, message: "broken source")
            }
        }
        let later = StaticCredentialProvider(TestSupport.credentials)
        let chain = CredentialChain(providers: [Broken(), later])
        let error = try await #require(throws: CredentialError.self) { try await chain.credentials() }
        #expect(error.code == .providerFailed)
    }

    @Test("sources that are not configured are passed over in order")
    func order() async throws {
        struct Absent: CredentialProvider {
            var source: String { "absent" }
            func credentials() async throws -> AWSCredentials? { nil }
        }
        let chain = CredentialChain(providers: [
            Absent(), StaticCredentialProvider(TestSupport.credentials, source: "second"),
            StaticCredentialProvider(SigningTests.temporary, source: "third"),
        ])
        #expect(chain.source == "credential chain")
        #expect(try await chain.credentials() == TestSupport.credentials)
        #expect(chain.source == "second")
    }
}

@Suite("Credential chain: assumed roles")
struct AssumeRoleTests {
    static let config = """
        [profile deploy]
        role_arn = arn:aws:iam::123456789012:role/deploy
        source_profile = base
        role_session_name = hoist-session
        duration_seconds = 1800
        external_id = ext-42
        region = eu-west-1
        [profile chained]
        role_arn = arn:aws:iam::123456789012:role/second
        source_profile = deploy
        [profile loop-a]
        role_arn = arn:aws:iam::123456789012:role/a
        source_profile = loop-b
        [profile loop-b]
        role_arn = arn:aws:iam::123456789012:role/b
        source_profile = loop-a
        [profile self]
        role_arn = arn:aws:iam::123456789012:role/self
        source_profile = self
        aws_access_key_id = AKIASELF
        aws_secret_access_key = self/secret
        [profile from-env]
        role_arn = arn:aws:iam::123456789012:role/env
        credential_source = Environment
        [profile orphan]
        role_arn = arn:aws:iam::123456789012:role/orphan
        [profile dangling]
        role_arn = arn:aws:iam::123456789012:role/dangling
        source_profile = missing
        """

    static let credentials = """
        [base]
        aws_access_key_id = AKIABASEKEY
        aws_secret_access_key = base/secret/key
        """

    static let assumed = AWSCredentials(
        accessKeyId: "ASIAASSUMEDROLEKEY", secretAccessKey: "assumed/role/secret/KEY+value",
        sessionToken: "FwoGZXIvYXdzEassumedtoken", expiration: Date(timeIntervalSince1970: 1_795_712_400))

    func provider(_ profile: String, transport: FakeTransport, variables: [String: String] = [:])
        -> ProfileCredentialProvider
    {
        let client = AWSClient(
            transport: transport, credentialProvider: nil, region: "eu-west-1",
            environment: AWSEnvironment(variables: [:]), sleep: { _ in })
        return ProfileCredentialProvider(
            profile: profile, config: SharedConfig.parse(credentials: Self.credentials, config: Self.config),
            variables: variables, sts: STS(client: client), explicitlyChosen: true)
    }

    @Test("role_arn + source_profile: AssumeRole signed with the source profile's keys")
    func assumeRole() async throws {
        let transport = credentialServicesTransport()
        let credentials = try await provider("deploy", transport: transport).credentials()
        #expect(credentials == Self.assumed)
        let request = try #require(transport.requests.first)
        #expect(transport.callCount == 1)
        #expect(request.url == "https://sts.eu-west-1.amazonaws.com/")
        #expect(signingKeyId(request) == "AKIABASEKEY")
        #expect(request.header("X-Amz-Security-Token") == nil)
        #expect(
            request.formParameters == [
                "Action": "AssumeRole", "Version": "2011-06-15", "RoleArn": "arn:aws:iam::123456789012:role/deploy",
                "RoleSessionName": "hoist-session", "DurationSeconds": "1800", "ExternalId": "ext-42",
            ])
    }

    @Test("the standard chain assumes the role of the chosen profile")
    func throughChain() async throws {
        let transport = credentialServicesTransport()
        let chain = standardChain(
            variables: ["AWS_PROFILE": "deploy"], config: Self.config, credentials: Self.credentials,
            transport: transport)
        #expect(try await chain.credentials() == Self.assumed)
        #expect(chain.source.hasPrefix("profile deploy"))
        #expect(signingKeyId(try #require(transport.requests.first)) == "AKIABASEKEY")
    }

    @Test("a chained role is assumed with the first role's temporary credentials")
    func chainedRoles() async throws {
        let transport = credentialServicesTransport()
        _ = try await provider("chained", transport: transport).credentials()
        let requests = transport.requests
        #expect(requests.count == 2)
        #expect(signingKeyId(requests[0]) == "AKIABASEKEY")
        #expect(requests[0].formParameters["RoleArn"] == "arn:aws:iam::123456789012:role/deploy")
        #expect(signingKeyId(requests[1]) == "ASIAASSUMEDROLEKEY")
        #expect(requests[1].header("X-Amz-Security-Token") == "FwoGZXIvYXdzEassumedtoken")
        #expect(requests[1].formParameters["RoleArn"] == "arn:aws:iam::123456789012:role/second")
    }

    @Test("a source_profile loop is invalidConfiguration, with no request sent")
    func loop() async throws {
        let transport = credentialServicesTransport()
        let error = try await #require(throws: CredentialError.self) {
            try await provider("loop-a", transport: transport).credentials()
        }
        #expect(error.code == .invalidConfiguration)
        #expect(error.message.contains("loop-a → loop-b → loop-a"))
        #expect(transport.callCount == 0)
    }

    @Test("a profile that is its own source_profile uses its own keys")
    func selfSource() async throws {
        let transport = credentialServicesTransport()
        #expect(try await provider("self", transport: transport).credentials() == Self.assumed)
        #expect(signingKeyId(try #require(transport.requests.first)) == "AKIASELF")
    }

    @Test("credential_source = Environment signs AssumeRole with the environment's keys")
    func credentialSourceEnvironment() async throws {
        let transport = credentialServicesTransport()
        let variables = ["AWS_ACCESS_KEY_ID": "AKIAFROMENV", "AWS_SECRET_ACCESS_KEY": "env/secret"]
        #expect(
            try await provider("from-env", transport: transport, variables: variables).credentials() == Self.assumed)
        #expect(signingKeyId(try #require(transport.requests.first)) == "AKIAFROMENV")

        let error = try await #require(throws: CredentialError.self) {
            try await provider("from-env", transport: credentialServicesTransport()).credentials()
        }
        #expect(error.code == .invalidConfiguration)
    }

    @Test("role_arn with no source is invalidConfiguration; a missing source_profile is profileNotFound")
    func incompleteRoles() async throws {
        let orphan = try await #require(throws: CredentialError.self) {
            try await provider("orphan", transport: credentialServicesTransport()).credentials()
        }
        #expect(orphan.code == .invalidConfiguration)
        let dangling = try await #require(throws: CredentialError.self) {
            try await provider("dangling", transport: credentialServicesTransport()).credentials()
        }
        #expect(dangling.code == .profileNotFound)
        #expect(dangling.message.contains("missing"))
    }

    @Test("AssumeRole refused by STS is providerFailed with the AWS error underneath")
    func assumeRoleRefused() async throws {
        let transport = FakeTransport([.respond(try .fixture(403, "errors/query-access-denied.xml"))])
        let error = try await #require(throws: CredentialError.self) {
            try await provider("deploy", transport: transport).credentials()
        }
        #expect(error.code == .providerFailed)
        let underlying = try #require(error.underlying as? AWSError)
        #expect(underlying.code == "AccessDenied")
        #expect(underlying.requestId == "R-403")
        #expect(error.description.contains("AccessDenied"))
    }
}

@Suite("Credential chain: web identity, container, IMDS")
struct RemoteCredentialTests {
    @Test("web identity: the token file's content goes as WebIdentityToken in an unsigned request")
    func webIdentity() async throws {
        let directory = try TemporaryDirectory()
        let tokenFile = try directory.write("token", "eyJhbGciOiJSUzI1NiJ9.payload.signature\n")
        let transport = credentialServicesTransport()
        let chain = standardChain(
            variables: [
                "AWS_ROLE_ARN": "arn:aws:iam::123456789012:role/ci-deploy", "AWS_WEB_IDENTITY_TOKEN_FILE": tokenFile,
                "AWS_ROLE_SESSION_NAME": "hoist-ci",
            ],
            credentials: "[default]\naws_access_key_id = AKIAPROFILE\naws_secret_access_key = s\n",
            transport: transport)
        let credentials = try #require(try await chain.credentials())
        #expect(credentials.accessKeyId == "ASIAWEBIDENTITYKEY")
        #expect(credentials.sessionToken == "IQoJb3JpZ2luX2VjEwebidentitytoken")
        #expect(credentials.expiration == Date(timeIntervalSince1970: 1_795_712_400))
        #expect(chain.source.contains("web identity"))
        let request = try #require(transport.requests.first)
        #expect(transport.callCount == 1)
        #expect(request.header("Authorization") == nil)
        #expect(request.header("X-Amz-Security-Token") == nil)
        #expect(request.formParameters["Action"] == "AssumeRoleWithWebIdentity")
        #expect(request.formParameters["WebIdentityToken"] == "eyJhbGciOiJSUzI1NiJ9.payload.signature")
        #expect(request.formParameters["RoleArn"] == "arn:aws:iam::123456789012:role/ci-deploy")
        #expect(request.formParameters["RoleSessionName"] == "hoist-ci")
    }

    @Test("a profile's web_identity_token_file works the same way")
    func webIdentityProfile() async throws {
        let directory = try TemporaryDirectory()
        let tokenFile = try directory.write("token", "profile-token")
        let transport = credentialServicesTransport()
        let chain = standardChain(
            variables: [:], profileOption: "ci",
            config: "[profile ci]\nrole_arn = arn:aws:iam::1:role/ci\nweb_identity_token_file = \(tokenFile)\n",
            transport: transport)
        #expect(try await chain.credentials()?.accessKeyId == "ASIAWEBIDENTITYKEY")
        let request = try #require(transport.requests.first)
        #expect(request.header("Authorization") == nil)
        #expect(request.formParameters["WebIdentityToken"] == "profile-token")
    }

    @Test("web identity misconfigurations: one variable alone, unreadable token file")
    func webIdentityErrors() async throws {
        let sts = STS(client: TestSupport.client(credentialServicesTransport(), credentials: nil))
        let half = WebIdentityCredentialProvider(variables: ["AWS_ROLE_ARN": "arn:aws:iam::1:role/x"], sts: sts)
        let halfError = try await #require(throws: CredentialError.self) { try await half.credentials() }
        #expect(halfError.code == .invalidConfiguration)
        let unreadable = WebIdentityCredentialProvider(
            variables: ["AWS_ROLE_ARN": "arn:aws:iam::1:role/x", "AWS_WEB_IDENTITY_TOKEN_FILE": "/nonexistent/token"],
            sts: sts)
        let unreadableError = try await #require(throws: CredentialError.self) { try await unreadable.credentials() }
        #expect(unreadableError.code == .unreadableFile)
        #expect(try await WebIdentityCredentialProvider(variables: [:], sts: sts).credentials() == nil)
    }

    @Test("container credentials send Authorization from AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE")
    func containerTokenFile() async throws {
        let directory = try TemporaryDirectory()
        let tokenFile = try directory.write("token", "Bearer eks-pod-identity-token\n")
        let transport = FakeTransport([.respond(try .fixture(200, "responses/container-credentials.json"))])
        let provider = ContainerCredentialProvider(
            variables: [
                "AWS_CONTAINER_CREDENTIALS_FULL_URI": "http://169.254.170.23/v1/credentials",
                "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE": tokenFile,
                "AWS_CONTAINER_AUTHORIZATION_TOKEN": "ignored-when-the-file-is-set",
            ], transport: transport)
        let credentials = try #require(try await provider.credentials())
        #expect(credentials.accessKeyId == "ASIACONTAINERKEY")
        #expect(credentials.sessionToken == "containertoken")
        #expect(credentials.expiration == Date(timeIntervalSince1970: 1_795_712_400))
        let request = try #require(transport.requests.first)
        #expect(request.method == "GET")
        #expect(request.url == "http://169.254.170.23/v1/credentials")
        #expect(request.headers(named: "Authorization") == ["Bearer eks-pod-identity-token"])
    }

    @Test("container credentials: relative URI against 169.254.170.2 and a token from the variable")
    func containerRelative() async throws {
        let transport = FakeTransport([.respond(try .fixture(200, "responses/container-credentials.json"))])
        let provider = ContainerCredentialProvider(
            variables: [
                "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI": "/v2/credentials/abc",
                "AWS_CONTAINER_AUTHORIZATION_TOKEN": "direct-token",
            ], transport: transport)
        #expect(try await provider.credentials()?.accessKeyId == "ASIACONTAINERKEY")
        #expect(transport.requests.first?.url == "http://169.254.170.2/v2/credentials/abc")
        #expect(transport.requests.first?.header("Authorization") == "direct-token")
    }

    @Test("container credentials: unset is nil; HTTP 500 or a bad document is providerFailed")
    func containerFailures() async throws {
        let unset = ContainerCredentialProvider(variables: [:], transport: FakeTransport())
        #expect(try await unset.credentials() == nil)
        let variables = ["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI": "/x"]
        for response in [HTTPResponse.text(500, "oops"), .text(200, "{\"AccessKeyId\":1}")] {
            let provider = ContainerCredentialProvider(
                variables: variables, transport: FakeTransport([.respond(response)]))
            let error = try await #require(throws: CredentialError.self) { try await provider.credentials() }
            #expect(error.code == .providerFailed)
        }
    }

    @Test("IMDSv2: PUT for a token with the TTL header, then GETs carrying the token")
    func imds() async throws {
        let transport = FakeTransport([
            .respond(.text(200, "imds-session-token")), .respond(.text(200, "hoist-instance-role\n")),
            .respond(try .fixture(200, "responses/imds-credentials.json")),
        ])
        let provider = InstanceMetadataCredentialProvider(variables: [:], transport: transport)
        let credentials = try #require(try await provider.credentials())
        #expect(credentials.accessKeyId == "ASIAINSTANCEKEY")
        #expect(credentials.sessionToken == "instancetoken")
        let requests = transport.requests
        #expect(requests.map(\.method) == ["PUT", "GET", "GET"])
        #expect(requests[0].url == "http://169.254.169.254/latest/api/token")
        #expect(requests[0].header("X-aws-ec2-metadata-token-ttl-seconds") == "21600")
        #expect(requests[0].header("X-aws-ec2-metadata-token") == nil)
        #expect(requests[1].url == "http://169.254.169.254/latest/meta-data/iam/security-credentials/")
        #expect(
            requests[2].url == "http://169.254.169.254/latest/meta-data/iam/security-credentials/hoist-instance-role")
        #expect(requests[1...].allSatisfy { $0.header("X-aws-ec2-metadata-token") == "imds-session-token" })
        #expect(transport.options.allSatisfy { $0.totalTimeout <= 2 })
    }

    @Test("IMDS: AWS_EC2_METADATA_SERVICE_ENDPOINT moves it; AWS_EC2_METADATA_DISABLED turns it off")
    func imdsSettings() async throws {
        let transport = FakeTransport([
            .respond(.text(200, "t")), .respond(.text(200, "role")),
            .respond(try .fixture(200, "responses/imds-credentials.json")),
        ])
        let moved = InstanceMetadataCredentialProvider(
            variables: ["AWS_EC2_METADATA_SERVICE_ENDPOINT": "http://[fd00:ec2::254]/"], transport: transport)
        _ = try await moved.credentials()
        #expect(transport.requests.first?.url == "http://[fd00:ec2::254]/latest/api/token")

        let silent = FakeTransport()
        let disabled = InstanceMetadataCredentialProvider(
            variables: ["AWS_EC2_METADATA_DISABLED": "TRUE"], transport: silent)
        #expect(try await disabled.credentials() == nil)
        #expect(silent.callCount == 0)
    }

    @Test("IMDS: no answer to the token PUT means not on EC2 (nil, next source)")
    func imdsUnreachable() async throws {
        let transport = FakeTransport([
            .fail(TransportError(code: .timedOut, message: "timed out", url: "http://169.254.169.254"))
        ])
        let provider = InstanceMetadataCredentialProvider(variables: [:], transport: transport)
        #expect(try await provider.credentials() == nil)
        #expect(transport.callCount == 1)
    }

    @Test("IMDS: an instance without a role is providerFailed")
    func imdsNoRole() async throws {
        let transport = FakeTransport([.respond(.text(200, "t")), .respond(HTTPResponse(status: 404))])
        let provider = InstanceMetadataCredentialProvider(variables: [:], transport: transport)
        let error = try await #require(throws: CredentialError.self) { try await provider.credentials() }
        #expect(error.code == .providerFailed)
    }
}
