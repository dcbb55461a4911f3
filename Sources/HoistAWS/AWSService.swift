/// How a service encodes requests and errors.
public enum AWSProtocol: String, Sendable {
    /// `X-Amz-Target` + JSON body, version 1.0 (DynamoDB, SQS).
    case json10
    /// `X-Amz-Target` + JSON body, version 1.1 (Secrets Manager, CloudWatch Logs).
    case json11
    /// REST paths with JSON bodies (Lambda, API Gateway v2).
    case restJSON
    /// Form-encoded `Action=` POSTs with XML answers (IAM, STS, CloudWatch).
    case query
    /// REST paths with XML bodies (S3).
    case restXML
}

/// What hoist needs to know of one AWS service to call it.
public struct AWSService: Sendable, Equatable {
    /// The name used in errors and logs, e.g. `lambda`.
    public var name: String
    /// The SigV4 signing name.
    public var signingName: String
    /// The endpoint prefix: `<prefix>.<region>.amazonaws.com`.
    public var endpointPrefix: String
    /// The suffix of `AWS_ENDPOINT_URL_<SUFFIX>`.
    public var environmentName: String
    /// The wire protocol.
    public var wireProtocol: AWSProtocol
    /// The API version (query protocol).
    public var apiVersion: String
    /// The `X-Amz-Target` prefix (json protocols), e.g. `DynamoDB_20120810`.
    public var targetPrefix: String
    /// Whether the service has one global endpoint signed for us-east-1 (IAM).
    public var isGlobal: Bool

    /// AWS STS.
    public static let sts = AWSService(
        name: "sts", signingName: "sts", endpointPrefix: "sts", environmentName: "STS", wireProtocol: .query,
        apiVersion: "2011-06-15", targetPrefix: "", isGlobal: false)
    /// AWS IAM.
    public static let iam = AWSService(
        name: "iam", signingName: "iam", endpointPrefix: "iam", environmentName: "IAM", wireProtocol: .query,
        apiVersion: "2010-05-08", targetPrefix: "", isGlobal: true)
    /// AWS Lambda.
    public static let lambda = AWSService(
        name: "lambda", signingName: "lambda", endpointPrefix: "lambda", environmentName: "LAMBDA",
        wireProtocol: .restJSON, apiVersion: "2015-03-31", targetPrefix: "", isGlobal: false)
    /// Amazon S3.
    public static let s3 = AWSService(
        name: "s3", signingName: "s3", endpointPrefix: "s3", environmentName: "S3", wireProtocol: .restXML,
        apiVersion: "2006-03-01", targetPrefix: "", isGlobal: false)
    /// AWS Secrets Manager.
    public static let secretsManager = AWSService(
        name: "secretsmanager", signingName: "secretsmanager", endpointPrefix: "secretsmanager",
        environmentName: "SECRETS_MANAGER", wireProtocol: .json11, apiVersion: "2017-10-17",
        targetPrefix: "secretsmanager", isGlobal: false)
    /// Amazon DynamoDB.
    public static let dynamoDB = AWSService(
        name: "dynamodb", signingName: "dynamodb", endpointPrefix: "dynamodb", environmentName: "DYNAMODB",
        wireProtocol: .json10, apiVersion: "2012-08-10", targetPrefix: "DynamoDB_20120810", isGlobal: false)
    /// Amazon API Gateway v2 (HTTP APIs).
    public static let apiGatewayV2 = AWSService(
        name: "apigatewayv2", signingName: "apigateway", endpointPrefix: "apigateway",
        environmentName: "APIGATEWAYV2", wireProtocol: .restJSON, apiVersion: "2018-11-29", targetPrefix: "",
        isGlobal: false)
    /// Amazon CloudWatch Logs.
    public static let cloudWatchLogs = AWSService(
        name: "logs", signingName: "logs", endpointPrefix: "logs", environmentName: "CLOUDWATCH_LOGS",
        wireProtocol: .json11, apiVersion: "2014-03-28", targetPrefix: "Logs_20140328", isGlobal: false)
    /// Amazon CloudWatch (metrics), signed as `monitoring`. botocore's model lists rpc-v2-cbor, json and query;
    /// hoist speaks query, the protocol it already has for IAM and STS (and the one moto serves).
    public static let cloudWatch = AWSService(
        name: "cloudwatch", signingName: "monitoring", endpointPrefix: "monitoring", environmentName: "CLOUDWATCH",
        wireProtocol: .query, apiVersion: "2010-08-01", targetPrefix: "", isGlobal: false)
    /// Amazon EventBridge Scheduler: schedules that invoke a target (rest-json, PascalCase members).
    public static let scheduler = AWSService(
        name: "scheduler", signingName: "scheduler", endpointPrefix: "scheduler", environmentName: "SCHEDULER",
        wireProtocol: .restJSON, apiVersion: "2021-06-30", targetPrefix: "", isGlobal: false)

    /// Amazon SQS, over the JSON 1.0 protocol of botocore's current model (SQS's query protocol is the old one).
    public static let sqs = AWSService(
        name: "sqs", signingName: "sqs", endpointPrefix: "sqs", environmentName: "SQS", wireProtocol: .json10,
        apiVersion: "2012-11-05", targetPrefix: "AmazonSQS", isGlobal: false)

    /// Every service hoist calls.
    public static let all: [AWSService] = [
        sts, iam, lambda, s3, secretsManager, dynamoDB, apiGatewayV2, cloudWatchLogs, cloudWatch, scheduler, sqs,
    ]
}
