import Foundation
import Testing

/// `hoist whoami` run as the real binary against moto with auth enforced.
@Suite(
    "hoist whoami (binary, moto)",
    .enabled(if: HoistBinary.motoShouldRun, "moto_server not configured: run scripts/test.sh"))
struct WhoamiCommandTests {
    @Test("environment keys: prints the admin ARN and the credential source, never the secret")
    func environmentKeys() throws {
        let moto = try HoistBinary.moto()
        let result = try HoistBinary.run(
            ["whoami", "--endpoint-url", moto.endpoint],
            environment: ["AWS_ACCESS_KEY_ID": moto.accessKeyId, "AWS_SECRET_ACCESS_KEY": moto.secretAccessKey])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("arn:aws:iam::123456789012:user/hoist-admin"))
        #expect(result.stdout.contains("credentials environment"))
        #expect(result.stdout.contains(moto.endpoint))
        #expect(!result.stdout.contains(moto.secretAccessKey) && !result.stderr.contains(moto.secretAccessKey))
    }

    @Test("a wrong secret exits 1 naming SignatureDoesNotMatch and the request id")
    func wrongSecret() throws {
        let moto = try HoistBinary.moto()
        let result = try HoistBinary.run(
            ["whoami", "--endpoint-url", moto.endpoint],
            environment: ["AWS_ACCESS_KEY_ID": moto.accessKeyId, "AWS_SECRET_ACCESS_KEY": "not-the-secret"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("SignatureDoesNotMatch"))
        #expect(result.stderr.contains("sts GetCallerIdentity"))
        let requestId = result.stderr.range(of: #"request id [A-Za-z0-9-]{8,}"#, options: .regularExpression)
        #expect(requestId != nil, "\(result.stderr)")
        #expect(!result.stderr.contains("not-the-secret"))
    }

    @Test("keys only in a temporary credentials file and profile")
    func sharedFileProfile() throws {
        let moto = try HoistBinary.moto()
        let folder = try HoistBinary.temporaryFolder()
        let credentials = folder.appendingPathComponent("credentials")
        try """
        [default]
        aws_access_key_id = AKIAWRONGWRONGWRONG1
        aws_secret_access_key = wrong

        [ci]
        # the admin key of the test bed
        aws_access_key_id = \(moto.accessKeyId)
        aws_secret_access_key = \(moto.secretAccessKey)
        """.write(to: credentials, atomically: true, encoding: .utf8)
        let config = folder.appendingPathComponent("config")
        try "[profile ci]\nregion = eu-west-1\n".write(to: config, atomically: true, encoding: .utf8)
        let result = try HoistBinary.run(
            ["whoami", "--endpoint-url", moto.endpoint, "--profile", "ci"],
            environment: [
                "AWS_SHARED_CREDENTIALS_FILE": credentials.path, "AWS_CONFIG_FILE": config.path,
                "HOME": folder.path,
            ])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("user/hoist-admin"))
        #expect(result.stdout.contains("region      eu-west-1"))
        #expect(result.stdout.contains("profile ci"))

        let missing = try HoistBinary.run(
            ["whoami", "--endpoint-url", moto.endpoint, "--profile", "nope"],
            environment: ["AWS_SHARED_CREDENTIALS_FILE": credentials.path, "AWS_CONFIG_FILE": config.path])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("profile 'nope'"))
    }

    @Test("role_arn with source_profile assumes the role through STS")
    func assumeRoleProfile() throws {
        let moto = try HoistBinary.moto()
        let roleName = "whoami-\(UUID().uuidString.prefix(8).lowercased())"
        try HoistBinary.createRole(roleName, trustedPrincipal: moto.adminArn)
        let folder = try HoistBinary.temporaryFolder()
        try "[base]\naws_access_key_id = \(moto.accessKeyId)\naws_secret_access_key = \(moto.secretAccessKey)\n"
            .write(to: folder.appendingPathComponent("credentials"), atomically: true, encoding: .utf8)
        try """
        [profile deployer]
        role_arn = arn:aws:iam::123456789012:role/\(roleName)
        source_profile = base
        role_session_name = hoist-whoami
        """.write(to: folder.appendingPathComponent("config"), atomically: true, encoding: .utf8)
        let result = try HoistBinary.run(
            ["whoami", "--endpoint-url", moto.endpoint, "--region", "us-east-1"],
            environment: [
                "AWS_PROFILE": "deployer",
                "AWS_SHARED_CREDENTIALS_FILE": folder.appendingPathComponent("credentials").path,
                "AWS_CONFIG_FILE": folder.appendingPathComponent("config").path,
            ])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("assumed-role/\(roleName)/hoist-whoami"))
    }

    @Test("AWS_ROLE_ARN and a token file go through AssumeRoleWithWebIdentity")
    func webIdentity() throws {
        let moto = try HoistBinary.moto()
        let roleName = "oidc-\(UUID().uuidString.prefix(8).lowercased())"
        try HoistBinary.createRole(roleName, trustedPrincipal: nil)
        let folder = try HoistBinary.temporaryFolder()
        let tokenFile = folder.appendingPathComponent("token")
        try "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJyZXBvOmV4YW1wbGUifQ.c2ln\n"
            .write(to: tokenFile, atomically: true, encoding: .utf8)
        // moto checks a signature even on this call, which AWS serves unsigned; the proxy signs only unsigned calls.
        let log = folder.appendingPathComponent("proxy.log")
        let proxy = try HoistBinary.startProxy(
            upstream: moto.endpoint, extra: ["--sign-unsigned", moto.statePath, "--log", log.path])
        defer { proxy.terminate() }
        let result = try HoistBinary.run(
            ["whoami", "--endpoint-url", proxy.endpoint],
            environment: [
                "AWS_ROLE_ARN": "arn:aws:iam::123456789012:role/\(roleName)",
                "AWS_WEB_IDENTITY_TOKEN_FILE": tokenFile.path, "AWS_ROLE_SESSION_NAME": "github-actions",
                "AWS_REGION": "us-east-1",
            ])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("assumed-role/\(roleName)/github-actions"))
        #expect(result.stdout.contains("web identity"))
        let calls = try String(contentsOf: log, encoding: .utf8)
        #expect(calls.contains("\"operation\": \"AssumeRoleWithWebIdentity\""))
        #expect(calls.contains("\"operation\": \"GetCallerIdentity\""))
    }
}
