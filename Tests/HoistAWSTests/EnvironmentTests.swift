import Foundation
import HoistAWS
import HoistTestSupport
import Testing

@Suite("AWSEnvironment")
struct EnvironmentTests {
    static let config = SharedConfig.parse(
        credentials: nil,
        config: """
            [default]
            region = eu-west-1
            endpoint_url = http://profile-endpoint:4566/
            [profile dev]
            region = us-west-2
            endpoint_url = http://dev-endpoint:5000
            """)

    static let allVariables = [
        "AWS_ENDPOINT_URL_LAMBDA": "http://lambda-variable:3001",
        "AWS_ENDPOINT_URL": "http://global-variable:3002",
    ]

    func lambdaEndpoint(_ variables: [String: String], option: String? = nil, config: SharedConfig? = config)
        -> AWSEndpoint
    {
        AWSEnvironment(variables: variables, endpointOption: option).endpoint(
            for: .lambda, region: "eu-west-1", sharedConfig: config)
    }

    @Test("endpoint precedence: --endpoint-url > AWS_ENDPOINT_URL_LAMBDA > AWS_ENDPOINT_URL > endpoint_url > public")
    func endpointPrecedence() {
        #expect(
            lambdaEndpoint(Self.allVariables, option: "http://option:3000")
                == AWSEndpoint(url: "http://option:3000", isCustom: true))
        #expect(
            lambdaEndpoint(Self.allVariables) == AWSEndpoint(url: "http://lambda-variable:3001", isCustom: true))
        #expect(
            lambdaEndpoint(["AWS_ENDPOINT_URL": "http://global-variable:3002"])
                == AWSEndpoint(url: "http://global-variable:3002", isCustom: true))
        #expect(lambdaEndpoint([:]) == AWSEndpoint(url: "http://profile-endpoint:4566", isCustom: true))
        #expect(
            lambdaEndpoint([:], config: nil)
                == AWSEndpoint(url: "https://lambda.eu-west-1.amazonaws.com", isCustom: false))
    }

    @Test("a service-specific variable does not leak to other services")
    func serviceSpecificOnly() {
        let environment = AWSEnvironment(variables: Self.allVariables)
        #expect(environment.endpoint(for: .sts, region: "eu-west-1").url == "http://global-variable:3002")
        #expect(environment.endpoint(for: .lambda, region: "eu-west-1").url == "http://lambda-variable:3001")
    }

    @Test("empty values are skipped")
    func emptyValues() {
        let endpoint = lambdaEndpoint(
            ["AWS_ENDPOINT_URL_LAMBDA": "", "AWS_ENDPOINT_URL": "http://global-variable:3002"], option: "")
        #expect(endpoint.url == "http://global-variable:3002")
    }

    @Test("the profile's endpoint_url follows AWS_PROFILE")
    func profileEndpoint() {
        let endpoint = lambdaEndpoint(["AWS_PROFILE": "dev"])
        #expect(endpoint == AWSEndpoint(url: "http://dev-endpoint:5000", isCustom: true))
    }

    @Test(
        "AWS_ENDPOINT_URL_<SERVICE> names",
        arguments: [
            (AWSService.secretsManager, "SECRETS_MANAGER"), (.lambda, "LAMBDA"), (.s3, "S3"), (.sts, "STS"),
            (.iam, "IAM"), (.dynamoDB, "DYNAMODB"), (.apiGatewayV2, "APIGATEWAYV2"),
            (.cloudWatchLogs, "CLOUDWATCH_LOGS"), (.cloudWatch, "CLOUDWATCH"), (.scheduler, "SCHEDULER"),
        ])
    func variableNames(service: AWSService, suffix: String) {
        let environment = AWSEnvironment(variables: ["AWS_ENDPOINT_URL_\(suffix)": "http://only-\(suffix):1"])
        #expect(environment.endpoint(for: service, region: "eu-west-1").url == "http://only-\(suffix):1")
        for other in AWSService.all where other != service {
            #expect(!environment.endpoint(for: other, region: "eu-west-1").isCustom, "\(other.name)")
        }
    }

    @Test("public endpoints per service and partition")
    func publicEndpoints() {
        let environment = AWSEnvironment(variables: [:])
        #expect(
            environment.endpoint(for: .secretsManager, region: "eu-west-1").url
                == "https://secretsmanager.eu-west-1.amazonaws.com")
        #expect(
            environment.endpoint(for: .apiGatewayV2, region: "us-east-2").url
                == "https://apigateway.us-east-2.amazonaws.com")
        #expect(
            environment.endpoint(for: .lambda, region: "cn-north-1").url == "https://lambda.cn-north-1.amazonaws.com.cn"
        )
    }

    @Test("region: --region > AWS_REGION > AWS_DEFAULT_REGION > the profile's region")
    func regionPrecedence() {
        let variables = ["AWS_REGION": "eu-central-1", "AWS_DEFAULT_REGION": "ap-south-1"]
        #expect(
            AWSEnvironment(variables: variables, regionOption: "us-east-2").region(sharedConfig: Self.config)
                == "us-east-2")
        #expect(AWSEnvironment(variables: variables).region(sharedConfig: Self.config) == "eu-central-1")
        #expect(
            AWSEnvironment(variables: ["AWS_DEFAULT_REGION": "ap-south-1"]).region(sharedConfig: Self.config)
                == "ap-south-1")
        #expect(AWSEnvironment(variables: [:]).region(sharedConfig: Self.config) == "eu-west-1")
        #expect(AWSEnvironment(variables: ["AWS_PROFILE": "dev"]).region(sharedConfig: Self.config) == "us-west-2")
        #expect(
            AWSEnvironment(variables: [:], profileOption: "dev").region(sharedConfig: Self.config) == "us-west-2")
        #expect(AWSEnvironment(variables: ["AWS_REGION": ""]).region(sharedConfig: nil) == nil)
    }

    @Test("profile: --profile > AWS_PROFILE > AWS_DEFAULT_PROFILE > default")
    func profilePrecedence() {
        let variables = ["AWS_PROFILE": "a", "AWS_DEFAULT_PROFILE": "b"]
        #expect(AWSEnvironment(variables: variables, profileOption: "c").profile == "c")
        #expect(AWSEnvironment(variables: variables).profile == "a")
        #expect(AWSEnvironment(variables: ["AWS_DEFAULT_PROFILE": "b"]).profile == "b")
        #expect(AWSEnvironment(variables: [:]).profile == "default")
    }

    @Test("IAM: one global endpoint signed for us-east-1; regional services sign for their region")
    func iamGlobal() {
        let environment = AWSEnvironment(variables: [:])
        for region in ["eu-west-1", "ap-southeast-2", "us-east-1"] {
            #expect(
                environment.endpoint(for: .iam, region: region)
                    == AWSEndpoint(url: "https://iam.amazonaws.com", isCustom: false))
            #expect(environment.signingRegion(for: .iam, region: region) == "us-east-1")
            #expect(environment.signingRegion(for: .lambda, region: region) == region)
        }
    }

    @Test("IAM in the China partition goes to its own endpoint, signed for cn-north-1")
    func iamChina() {
        let environment = AWSEnvironment(variables: [:])
        for region in ["cn-north-1", "cn-northwest-1"] {
            #expect(environment.endpoint(for: .iam, region: region).url == "https://iam.cn-north-1.amazonaws.com.cn")
            #expect(environment.signingRegion(for: .iam, region: region) == "cn-north-1")
        }
    }

    @Test(
        "hostHeader keeps non-default ports and drops the scheme's default",
        arguments: [
            ("https://lambda.eu-west-1.amazonaws.com", "lambda.eu-west-1.amazonaws.com"),
            ("https://x.example:443", "x.example"), ("http://x.example:80", "x.example"),
            ("http://x.example:443", "x.example:443"), ("http://localhost:4566/path", "localhost:4566"),
            ("http://[::1]:5000", "[::1]:5000"),
        ])
    func hostHeader(url: String, host: String) {
        #expect(AWSEndpoint(url: url, isCustom: true).hostHeader == host)
    }
}

@Suite("SharedConfig")
struct SharedConfigTests {
    static let configText = """
        # the config file
        [default]
        region = eu-west-1 # inline comment
        output = json
        [profile dev]
        region = us-east-1
        aws_access_key_id = CONFIGKEY
        aws_secret_access_key = configsecret
        s3 =
          max_concurrent_requests = 20
          addressing_style = path
        endpoint_url = http://localhost:4566
        [sso-session corp]
        sso_start_url = https://corp.awsapps.com/start
        sso_region = eu-west-1
        [services local]
        lambda =
          endpoint_url = http://lambda.local
        [notaprofile]
        region = nowhere
        [ profile  spaced ]
        Region = ap-south-1
        """

    static let credentialsText = """
        ; the credentials file
        [default]
        aws_access_key_id = AKIADEFAULT
        aws_secret_access_key = default#secret
        [dev]
        aws_access_key_id = CREDKEY
        # a comment between keys
        aws_secret_access_key = credsecret
        """

    @Test("[default], [profile x] in config and [x] in credentials merge; the credentials file wins per key")
    func merge() {
        let config = SharedConfig.parse(credentials: Self.credentialsText, config: Self.configText)
        let dev = config.profile("dev")
        #expect(dev?["aws_access_key_id"] == "CREDKEY")
        #expect(dev?["aws_secret_access_key"] == "credsecret")
        #expect(dev?["region"] == "us-east-1")
        let main = config.profile("default")
        #expect(main?["region"] == "eu-west-1")
        #expect(main?["output"] == "json")
        #expect(main?["aws_access_key_id"] == "AKIADEFAULT")
        #expect(main?["aws_secret_access_key"] == "default#secret")
    }

    @Test("nested blocks are namespaced and end at the next unindented key")
    func nested() {
        let dev = SharedConfig.parse(credentials: nil, config: Self.configText).profile("dev")
        #expect(dev?["s3.max_concurrent_requests"] == "20")
        #expect(dev?["s3.addressing_style"] == "path")
        #expect(dev?["max_concurrent_requests"] == nil)
        #expect(dev?["s3"] == nil)
        #expect(dev?["endpoint_url"] == "http://localhost:4566")
    }

    @Test("[sso-session x], [services x] and bare [x] in the config file are not profiles")
    func notProfiles() {
        let config = SharedConfig.parse(credentials: nil, config: Self.configText)
        #expect(Set(config.profiles.keys) == ["default", "dev", "spaced"])
        #expect(config.profile("spaced")?["region"] == "ap-south-1")
        #expect(config.profiles.values.allSatisfy { $0["sso_start_url"] == nil && $0["lambda.endpoint_url"] == nil })
    }

    @Test("comments, blank lines, keys before any section and CRLF line ends")
    func commentsAndLineEnds() {
        let text = "orphan = 1\r\n\r\n[default]\r\n# c\r\n; c\r\nregion = eu-north-1 ; trailing\r\nkey=v=w\r\n"
        let config = SharedConfig.parse(credentials: text, config: nil)
        #expect(config.profiles.keys.sorted() == ["default"])
        #expect(config.profile("default") == ["region": "eu-north-1", "key": "v=w"])
    }

    @Test("load reads AWS_SHARED_CREDENTIALS_FILE and AWS_CONFIG_FILE and lists them as sources")
    func load() throws {
        let directory = try TemporaryDirectory()
        let credentials = try directory.write("credentials", Self.credentialsText)
        let configFile = try directory.write("config", Self.configText)
        let loaded = SharedConfig.load(
            environment: AWSEnvironment(
                variables: ["AWS_SHARED_CREDENTIALS_FILE": credentials, "AWS_CONFIG_FILE": configFile]))
        #expect(loaded.sources == [credentials, configFile])
        #expect(loaded.profile("dev")?["aws_access_key_id"] == "CREDKEY")
        #expect(loaded.profile("dev")?["region"] == "us-east-1")
    }

    @Test("load falls back to HOME/.aws and tolerates missing files")
    func loadFromHome() throws {
        let directory = try TemporaryDirectory()
        try FileManager.default.createDirectory(atPath: directory.path + "/.aws", withIntermediateDirectories: true)
        try directory.write(".aws/config", "[profile home]\nregion = sa-east-1\n")
        let loaded = SharedConfig.load(environment: AWSEnvironment(variables: ["HOME": directory.path]))
        #expect(loaded.sources == [directory.path + "/.aws/config"])
        #expect(loaded.profile("home")?["region"] == "sa-east-1")

        let tilde = SharedConfig.load(
            environment: AWSEnvironment(variables: ["HOME": directory.path, "AWS_CONFIG_FILE": "~/.aws/config"]))
        #expect(tilde.profile("home")?["region"] == "sa-east-1")

        let none = SharedConfig.load(
            environment: AWSEnvironment(variables: [
                "AWS_SHARED_CREDENTIALS_FILE": directory.path + "/nope", "AWS_CONFIG_FILE": directory.path + "/nope2",
            ]))
        #expect(none.sources.isEmpty)
        #expect(none.profiles.isEmpty)
    }
}

@Suite("SharedConfig edge cases")
struct SharedConfigEdgeTests {
    @Test("a section header followed by a comment still starts that section")
    func headerWithComment() {
        let config = SharedConfig.parse(
            credentials: """
                [default]
                aws_access_key_id = AKIADEFAULT
                aws_secret_access_key = default-secret
                [dev] # the dev account
                aws_access_key_id = AKIADEV
                aws_secret_access_key = dev-secret
                """,
            config: "[profile dev] ; dev\nregion = us-east-1\n")
        #expect(config.profile("default")?["aws_access_key_id"] == "AKIADEFAULT")
        #expect(config.profile("dev")?["aws_access_key_id"] == "AKIADEV")
        #expect(config.profile("dev")?["region"] == "us-east-1")
        #expect(config.profile("default")?["region"] == nil)
    }

    @Test("a line that is not a header, a comment or a key leaves the section unchanged")
    func strayLines() {
        let config = SharedConfig.parse(credentials: "[a]\nnot a key\nk = v\n[b\nx = y\n", config: nil)
        #expect(config.profile("a")?["k"] == "v")
        #expect(config.profile("a")?["x"] == "y")
        #expect(config.profile("b") == nil)
    }
}
