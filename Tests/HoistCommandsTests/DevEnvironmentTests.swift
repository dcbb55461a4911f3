import Foundation
import HoistAWS
import HoistCore
import Testing

@testable import HoistCommands

@Suite("hoist dev's function environment")
struct DevEnvironmentTests {
    let yaml = """
        project: shop
        backend: {product: Backend}
        function:
          environment: {LOG_LEVEL: debug}
        tables:
          users: {partition_key: username}
          movies: {partition_key: movieId}
        secrets:
          JWT_SECRET_KEY: {env: JWT_SECRET_ARN}
        admins: [alice, bob]
        """

    @Test("the function's variables are deploy's: tables, the secret's ARN (never a value), admins, user variables")
    func functionVariables() throws {
        let config = try HoistConfig.parse(yaml: yaml, file: "hoist.yml").resolved(stage: "qa")
        let arn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:shop/qa/JWT_SECRET_KEY-AbCdEf"
        let variables = DevEnvironment.functionVariables(
            config: config, region: "eu-west-1", account: "123456789012", secretArns: ["shop/qa/JWT_SECRET_KEY": arn])
        #expect(
            variables == [
                "USERS_TABLE": "shop-qa-users", "MOVIES_TABLE": "shop-qa-movies", "JWT_SECRET_ARN": arn,
                "ADMIN_USERNAMES": "alice,bob", "LOG_LEVEL": "debug",
            ])
    }

    @Test("the process adds Lambda's variables, the resolved credentials and the endpoint")
    func processVariables() {
        let variables = DevEnvironment.processVariables(
            function: ["USERS_TABLE": "shop-dev-users"], functionName: "shop-dev", memory: 256, handler: "bootstrap",
            region: "eu-west-1",
            credentials: AWSCredentials(accessKeyId: "AKIDEXAMPLE", secretAccessKey: "secret", sessionToken: "token"),
            endpointURL: "http://127.0.0.1:5000", taskRoot: "/x", path: "/usr/bin")
        #expect(variables["USERS_TABLE"] == "shop-dev-users")
        #expect(variables["AWS_REGION"] == "eu-west-1")
        #expect(variables["AWS_DEFAULT_REGION"] == "eu-west-1")
        #expect(variables["AWS_ACCESS_KEY_ID"] == "AKIDEXAMPLE")
        #expect(variables["AWS_SESSION_TOKEN"] == "token")
        #expect(variables["AWS_ENDPOINT_URL"] == "http://127.0.0.1:5000")
        #expect(variables["AWS_LAMBDA_FUNCTION_NAME"] == "shop-dev")
        #expect(variables["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"] == "256")
        #expect(variables["_HANDLER"] == "bootstrap")
        let bare = DevEnvironment.processVariables(
            function: [:], functionName: "f", memory: 128, handler: "bootstrap", region: "us-east-1",
            credentials: nil, endpointURL: nil, taskRoot: "/x", path: "/usr/bin")
        #expect(bare["AWS_ACCESS_KEY_ID"] == nil)
        #expect(bare["AWS_ENDPOINT_URL"] == nil)
    }
}
