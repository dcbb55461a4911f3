import Foundation
import HoistAWS
import HoistCurl
import HoistTestSupport
import Testing

/// Every operation hoist needs, against moto_server with SigV4 enforced, through libcurl.
@Suite("AWS operations against moto (auth enforced)", .enabled(if: MotoTestBed.shouldRun, MotoTestBed.skipNote))
struct MotoServiceTests {
    static let trustPolicy = """
        {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},\
        "Action":"sts:AssumeRole"}]}
        """
    static let allowAll = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#

    /// A zip holding one file, made by the system's zip tool (packaging has its own tests).
    static func tinyZip() throws -> [UInt8] {
        let folder = try TemporaryDirectory("zip")
        try folder.write("bootstrap", "#!/bin/sh\necho hi\n")
        let zipped = try ProcessRunner.run(
            URL(fileURLWithPath: "/usr/bin/zip"), ["-q", "code.zip", "bootstrap"], directory: folder.url)
        try #require(zipped.status == 0, "zip failed: \(zipped.output)")
        return Array(try Data(contentsOf: folder.url.appendingPathComponent("code.zip")))
    }

    @Test("STS GetCallerIdentity and AssumeRole")
    func sts() async throws {
        let bed = try MotoTestBed.bed()
        let recorder = RecordingTransport(CurlTransport())
        let client = bed.client(transport: recorder)
        let identity = try await STS(client: client).getCallerIdentity()
        #expect(identity.arn == bed.adminArn)
        #expect(identity.account == "123456789012")

        let iam = IAM(client: client)
        let roleName = MotoTestBed.unique("assumable")
        // moto evaluates the trust policy and does not widen the account root to its users: name the user.
        let trust = """
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"\(bed.adminArn)"},\
            "Action":"sts:AssumeRole"}]}
            """
        let role = try await iam.createRole(name: roleName, assumeRolePolicyDocument: trust)
        try await iam.putRolePolicy(roleName: roleName, policyName: "all", document: Self.allowAll)
        let assumed = try await STS(client: client).assumeRole(roleArn: role.arn, sessionName: "hoist-test")
        #expect(assumed.credentials.sessionToken != nil)
        #expect(assumed.credentials.expiration != nil)
        #expect(assumed.assumedRoleArn.contains(":assumed-role/\(roleName)/hoist-test"))
        // The temporary credentials sign a call moto verifies.
        let asRole = bed.client(transport: recorder, credentials: assumed.credentials)
        let roleIdentity = try await STS(client: asRole).getCallerIdentity()
        #expect(roleIdentity.arn.contains("assumed-role/\(roleName)"))
        #expect(recorder.signatureFailures.isEmpty, "\(recorder.signatureFailures)")
    }

    @Test("IAM role and inline policy lifecycle")
    func iam() async throws {
        let bed = try MotoTestBed.bed()
        let recorder = RecordingTransport(CurlTransport())
        let iam = IAM(client: bed.client(transport: recorder))
        let name = MotoTestBed.unique("role")
        let created = try await iam.createRole(
            name: name, assumeRolePolicyDocument: Self.trustPolicy, description: "hoist test",
            tags: ["hoist:project": "movies-api"])
        #expect(created.arn == "arn:aws:iam::123456789012:role/\(name)")
        try await iam.tagRole(name: name, tags: ["hoist:stage": "dev"])
        var role = try await iam.getRole(name: name)
        #expect(role.tags == ["hoist:project": "movies-api", "hoist:stage": "dev"])
        #expect(role.assumeRolePolicyDocument.contains("lambda.amazonaws.com"))
        let newTrust = Self.trustPolicy.replacingOccurrences(
            of: "lambda.amazonaws.com", with: "edgelambda.amazonaws.com")
        try await iam.updateAssumeRolePolicy(roleName: name, document: newTrust)
        role = try await iam.getRole(name: name)
        #expect(role.assumeRolePolicyDocument.contains("edgelambda.amazonaws.com"))

        let policy =
            #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"dynamodb:GetItem","Resource":"arn:aws:dynamodb:us-east-1:123456789012:table/t"}]}"#
        try await iam.putRolePolicy(roleName: name, policyName: "execution", document: policy)
        #expect(try await iam.listRolePolicies(roleName: name) == ["execution"])
        let stored = try await iam.getRolePolicy(roleName: name, policyName: "execution")
        #expect(stored.contains("dynamodb:GetItem"))
        try await iam.deleteRolePolicy(roleName: name, policyName: "execution")
        #expect(try await iam.listRolePolicies(roleName: name).isEmpty)
        try await iam.deleteRole(name: name)
        await #expect(throws: AWSError.self) { try await iam.getRole(name: name) }
        do {
            _ = try await iam.getRole(name: name)
        } catch let error as AWSError {
            #expect(error.code == "NoSuchEntity")
            #expect(error.isNotFound)
            #expect(error.operation == "GetRole")
        }
        #expect(recorder.signatureFailures.isEmpty, "\(recorder.signatureFailures)")
    }

    @Test("Lambda functions, versions, aliases, permissions, layers, tags and waiters")
    func lambda() async throws {
        let bed = try MotoTestBed.bed()
        let recorder = RecordingTransport(CurlTransport())
        let client = bed.client(transport: recorder)
        let roleName = MotoTestBed.unique("fn-role")
        let role = try await IAM(client: client).createRole(name: roleName, assumeRolePolicyDocument: Self.trustPolicy)
        let lambda = Lambda(client: client)
        let name = MotoTestBed.unique("fn")
        let zip = try Self.tinyZip()
        let created = try await lambda.createFunction(
            CreateFunctionInput(
                functionName: name, runtime: "provided.al2023", role: role.arn, handler: "bootstrap", code: .zip(zip),
                timeout: 10, memorySize: 256, environment: LambdaEnvironment(variables: ["USERS_TABLE": "users"]),
                architectures: ["x86_64"], tags: ["hoist:project": "movies-api"]))
        #expect(created.functionName == name)
        #expect(created.runtime == "provided.al2023")
        #expect(created.handler == "bootstrap")
        let active = try await lambda.waitUntilActive(name: name, interval: 0.05, maxAttempts: 50)
        #expect(active.state == "Active")

        let fetched = try await lambda.getFunction(name: name)
        #expect(fetched.configuration?.memorySize == 256)
        #expect(fetched.configuration?.environment?.variables?["USERS_TABLE"] == "users")
        #expect(fetched.tags?["hoist:project"] == "movies-api")

        var update = UpdateFunctionConfigurationInput()
        update.memorySize = 512
        let updated = try await lambda.updateFunctionConfiguration(name: name, update)
        #expect(updated.memorySize == 512)
        _ = try await lambda.waitUntilUpdated(name: name, interval: 0.05, maxAttempts: 50)
        let newCode = try await lambda.updateFunctionCode(name: name, code: .zip(zip + []))
        #expect(newCode.codeSha256 != nil)
        let configuration = try await lambda.getFunctionConfiguration(name: name)
        #expect(configuration.memorySize == 512)

        let version = try await lambda.publishVersion(functionName: name)
        #expect(version.version == "1")
        let alias = try await lambda.createAlias(functionName: name, name: "live", functionVersion: "1")
        #expect(alias.functionVersion == "1")
        _ = try await lambda.publishVersion(functionName: name, description: "second")
        let moved = try await lambda.updateAlias(functionName: name, name: "live", functionVersion: "2")
        #expect(moved.functionVersion == "2")
        #expect(try await lambda.getAlias(functionName: name, name: "live").functionVersion == "2")

        let arn = try #require(created.functionArn)
        _ = try await lambda.addPermission(
            functionName: name, statementId: "apigateway-invoke", action: "lambda:InvokeFunction",
            principal: "apigateway.amazonaws.com", sourceArn: "arn:aws:execute-api:us-east-1:123456789012:abc/*/*")
        let policy = try await lambda.getPolicy(functionName: name)
        #expect(policy.contains("apigateway-invoke"))
        try await lambda.removePermission(functionName: name, statementId: "apigateway-invoke")
        try await lambda.tagResource(arn: arn, tags: ["hoist:stage": "dev"])
        #expect(try await lambda.getFunction(name: name).tags?["hoist:stage"] == "dev")

        let layerName = MotoTestBed.unique("deps")
        let layer = try await lambda.publishLayerVersion(
            layerName: layerName, content: .zip(zip), description: "deps", compatibleRuntimes: ["provided.al2023"])
        #expect(layer.version == 1)
        let versions = try await lambda.listLayerVersions(layerName: layerName)
        #expect(versions.map(\.version) == [1])
        let got = try await lambda.getLayerVersion(layerName: layerName, version: 1)
        #expect(got.layerVersionArn == layer.layerVersionArn)
        try await lambda.deleteLayerVersion(layerName: layerName, version: 1)

        try await lambda.deleteFunction(name: name)
        do {
            _ = try await lambda.getFunction(name: name)
            Issue.record("the function should be gone")
        } catch let error as AWSError {
            #expect(error.code == "ResourceNotFoundException")
            #expect(error.requestId != nil)
        }
        #expect(recorder.signatureFailures.isEmpty, "\(recorder.signatureFailures)")
    }

    @Test("S3 bucket setup, objects from memory and from a file, multipart upload and abort")
    func s3() async throws {
        let bed = try MotoTestBed.bed()
        let recorder = RecordingTransport(CurlTransport())
        let s3 = S3(client: bed.client(transport: recorder))
        let bucket = MotoTestBed.unique("hoist-artifacts")
        #expect(try await s3.headBucket(bucket) == false)
        try await s3.createBucket(bucket)
        #expect(try await s3.headBucket(bucket) == true)
        try await s3.putBucketEncryption(bucket)
        try await s3.putPublicAccessBlock(bucket)

        let bytes = Array("hello from hoist".utf8)
        let etag = try await s3.putObject(
            bucket: bucket, key: "movies-api/abc.zip", body: .bytes(bytes), sha256: Array(SHA256Digest.of(bytes)),
            metadata: ["sha256": "abc"])
        #expect(etag != nil)
        let head = try #require(try await s3.headObject(bucket: bucket, key: "movies-api/abc.zip"))
        #expect(head.contentLength == bytes.count)
        #expect(head.metadata["sha256"] == "abc")
        #expect(try await s3.headObject(bucket: bucket, key: "movies-api/missing.zip") == nil)

        // A file body streamed by libcurl, then multipart with two 5 MiB parts and a small tail.
        let part = 5 * 1024 * 1024
        var content = [UInt8](repeating: 0, count: 2 * part + 1234)
        for index in content.indices { content[index] = UInt8(truncatingIfNeeded: index &* 31 &+ index >> 9) }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent(MotoTestBed.unique("big") + ".zip")
        try Data(content).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        _ = try await s3.putObject(
            bucket: bucket, key: "movies-api/file.zip",
            body: .file(path: file.path, offset: 0, length: UInt64(content.count)),
            sha256: Array(SHA256Digest.of(content)))
        #expect(try await s3.headObject(bucket: bucket, key: "movies-api/file.zip")?.contentLength == content.count)

        let key = "movies-api/multipart.zip"
        let uploadId = try await s3.createMultipartUpload(bucket: bucket, key: key)
        var parts: [S3CompletedPart] = []
        for (index, offset) in stride(from: 0, to: content.count, by: part).enumerated() {
            let length = min(part, content.count - offset)
            let slice = Array(content[offset..<offset + length])
            parts.append(
                try await s3.uploadPart(
                    bucket: bucket, key: key, uploadId: uploadId, partNumber: index + 1,
                    body: .file(path: file.path, offset: UInt64(offset), length: UInt64(length)),
                    sha256: Array(SHA256Digest.of(slice))))
        }
        #expect(parts.count == 3)
        try await s3.completeMultipartUpload(bucket: bucket, key: key, uploadId: uploadId, parts: parts)
        #expect(try await s3.headObject(bucket: bucket, key: key)?.contentLength == content.count)

        let abandoned = try await s3.createMultipartUpload(bucket: bucket, key: "movies-api/abandoned.zip")
        try await s3.abortMultipartUpload(bucket: bucket, key: "movies-api/abandoned.zip", uploadId: abandoned)
        try await s3.deleteObject(bucket: bucket, key: "movies-api/abc.zip")
        #expect(try await s3.headObject(bucket: bucket, key: "movies-api/abc.zip") == nil)
        #expect(recorder.signatureFailures.isEmpty, "\(recorder.signatureFailures)")
    }

    @Test("Secrets Manager create, describe, read, new version, stage move, tag, delete")
    func secretsManager() async throws {
        let bed = try MotoTestBed.bed()
        let recorder = RecordingTransport(CurlTransport())
        let secrets = SecretsManager(client: bed.client(transport: recorder))
        let name = "movies-api/\(MotoTestBed.unique("dev"))/JWT_SECRET_KEY"
        let first = try await secrets.createSecret(
            name: name, value: SecretValue("first-value-0123456789abcdef0123"), tags: ["hoist:project": "movies-api"])
        #expect(first.name == name)
        let token = UUID().uuidString
        let pending = try await secrets.putSecretValue(
            id: name, value: SecretValue("second-value-0123456789abcdef012"), clientRequestToken: token,
            versionStages: ["AWSPENDING"])
        #expect(pending.versionId == token)
        var description = try await secrets.describeSecret(id: name)
        #expect(description.versionIdsToStages?[token] == ["AWSPENDING"])
        let current = try await secrets.getSecretValue(id: name)
        #expect(current.secretString?.exposed == "first-value-0123456789abcdef0123")
        #expect(String(describing: current).contains("first-value") == false)
        let pendingValue = try await secrets.getSecretValue(id: name, versionStage: "AWSPENDING")
        #expect(pendingValue.versionId == token)

        try await secrets.updateSecretVersionStage(
            id: name, stage: "AWSCURRENT", moveToVersionId: token, removeFromVersionId: first.versionId)
        description = try await secrets.describeSecret(id: name)
        #expect(description.versionIdsToStages?[token]?.contains("AWSCURRENT") == true)
        #expect(description.versionIdsToStages?[first.versionId ?? ""]?.contains("AWSPREVIOUS") == true)
        try await secrets.tagResource(id: name, tags: ["hoist:stage": "dev"])
        description = try await secrets.describeSecret(id: name)
        #expect(description.tags?.contains(AWSTag(key: "hoist:stage", value: "dev")) == true)
        try await secrets.deleteSecret(id: name, recoveryWindowInDays: 7)
        description = try await secrets.describeSecret(id: name)
        #expect(description.deletedDate != nil)
        #expect(recorder.signatureFailures.isEmpty, "\(recorder.signatureFailures)")
    }

    @Test("DynamoDB table create, describe, point-in-time recovery, tag, delete")
    func dynamoDB() async throws {
        let bed = try MotoTestBed.bed()
        let recorder = RecordingTransport(CurlTransport())
        let dynamo = DynamoDB(client: bed.client(transport: recorder))
        let name = MotoTestBed.unique("movies-api-dev-users")
        let created = try await dynamo.createTable(
            name: name, partitionKey: DynamoDBAttributeDefinition(attributeName: "username", attributeType: "S"),
            tags: ["hoist:project": "movies-api"])
        #expect(created.tableName == name)
        let table = try await dynamo.waitUntilActive(name: name, interval: 0.05, maxAttempts: 40)
        #expect(table.keySchema == [DynamoDBKeyElement(attributeName: "username", keyType: "HASH")])
        #expect(table.billingModeSummary?.billingMode == "PAY_PER_REQUEST")
        #expect(try await dynamo.pointInTimeRecoveryEnabled(name: name) == false)
        try await dynamo.updateContinuousBackups(name: name, pointInTimeRecovery: true)
        #expect(try await dynamo.pointInTimeRecoveryEnabled(name: name) == true)
        try await dynamo.tagResource(arn: try #require(table.tableArn), tags: ["hoist:stage": "dev"])

        let sorted = MotoTestBed.unique("sorted")
        let withSort = try await dynamo.createTable(
            name: sorted, partitionKey: DynamoDBAttributeDefinition(attributeName: "pk", attributeType: "S"),
            sortKey: DynamoDBAttributeDefinition(attributeName: "sk", attributeType: "N"))
        #expect(withSort.keySchema?.map(\.keyType) == ["HASH", "RANGE"])
        try await dynamo.deleteTable(name: name)
        try await dynamo.deleteTable(name: sorted)
        await #expect(throws: AWSError.self) { _ = try await dynamo.describeTable(name: name) }
        #expect(recorder.signatureFailures.isEmpty, "\(recorder.signatureFailures)")
    }

    @Test("API Gateway v2 API, integration, route, stage")
    func apiGateway() async throws {
        let bed = try MotoTestBed.bed()
        let recorder = RecordingTransport(CurlTransport())
        let gateway = APIGatewayV2(client: bed.client(transport: recorder))
        let name = MotoTestBed.unique("movies-api-dev")
        let api = try await gateway.createApi(
            name: name, cors: APIGatewayCors(allowOrigins: ["*"], allowMethods: ["GET", "POST"]),
            tags: ["hoist:project": "movies-api"])
        let apiId = try #require(api.apiId)
        #expect(try await gateway.getApis().contains { $0.apiId == apiId })
        #expect(try await gateway.getApi(id: apiId).name == name)
        let functionArn = "arn:aws:lambda:us-east-1:123456789012:function:\(name)"
        let integration = try await gateway.createIntegration(
            apiId: apiId,
            APIGatewayIntegration(
                integrationType: "AWS_PROXY", integrationUri: functionArn, payloadFormatVersion: "2.0",
                integrationMethod: "POST"))
        let integrationId = try #require(integration.integrationId)
        #expect(try await gateway.getIntegrations(apiId: apiId).map(\.integrationId) == [integrationId])
        let changed = try await gateway.updateIntegration(
            apiId: apiId, integrationId: integrationId, APIGatewayIntegration(timeoutInMillis: 29000))
        #expect(changed.timeoutInMillis == 29000)
        let route = try await gateway.createRoute(apiId: apiId, routeKey: "$default", integrationId: integrationId)
        #expect(route.target == "integrations/\(integrationId)")
        #expect(try await gateway.getRoutes(apiId: apiId).map(\.routeKey) == ["$default"])
        let stage = try await gateway.createStage(apiId: apiId)
        #expect(stage.stageName == "$default")
        #expect(try await gateway.getStages(apiId: apiId).first?.autoDeploy == true)
        try await gateway.deleteApi(id: apiId)
        #expect(try await gateway.getApis().contains { $0.apiId == apiId } == false)
        #expect(recorder.signatureFailures.isEmpty, "\(recorder.signatureFailures)")
    }

    @Test("CloudWatch Logs group and retention")
    func logs() async throws {
        let bed = try MotoTestBed.bed()
        let recorder = RecordingTransport(CurlTransport())
        let logs = CloudWatchLogs(client: bed.client(transport: recorder))
        let name = "/aws/lambda/\(MotoTestBed.unique("movies-api-dev"))"
        try await logs.createLogGroup(name: name, tags: ["hoist:project": "movies-api"])
        try await logs.putRetentionPolicy(name: name, days: 14)
        let group = try #require(try await logs.logGroup(named: name))
        #expect(group.retentionInDays == 14)
        #expect(group.arn?.contains(name) == true)
        try await logs.deleteLogGroup(name: name)
        #expect(try await logs.logGroup(named: name) == nil)
        #expect(recorder.signatureFailures.isEmpty, "\(recorder.signatureFailures)")
    }
}

/// SHA-256 for test payloads.
enum SHA256Digest {
    static func of(_ bytes: [UInt8]) -> [UInt8] {
        let hex = SigV4Signer.hexSHA256(bytes)
        var out: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            out.append(UInt8(hex[index..<next], radix: 16)!)
            index = next
        }
        return out
    }
}
