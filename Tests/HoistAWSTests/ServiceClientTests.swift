import Foundation
import HoistAWS
import HoistTestSupport
import Testing

@Suite("STS and IAM clients")
struct ServiceClientTests {
    @Test("CreateRole sends the trust policy, description and tags as numbered members in key order")
    func createRole() async throws {
        let transport = FakeTransport([.respond(try .fixture(200, "responses/iam-create-role.xml"))])
        let role = try await IAM(client: TestSupport.client(transport)).createRole(
            name: "r", assumeRolePolicyDocument: #"{"Version":"2012-10-17","Statement":[]}"#,
            description: "hoist & co", tags: ["hoist:project": "demo", "a-first": "1 2"])
        #expect(role.roleName == "r")
        #expect(role.arn == "arn:aws:iam::1:role/r")
        #expect(role.roleId == "AROA1")
        #expect(role.assumeRolePolicyDocument == "{}")
        #expect(role.tags.isEmpty)
        let form = try #require(transport.requests.first).formParameters
        #expect(
            form == [
                "Action": "CreateRole", "Version": "2010-05-08", "RoleName": "r",
                "AssumeRolePolicyDocument": #"{"Version":"2012-10-17","Statement":[]}"#, "Description": "hoist & co",
                "Tags.member.1.Key": "a-first", "Tags.member.1.Value": "1 2",
                "Tags.member.2.Key": "hoist:project", "Tags.member.2.Value": "demo",
            ])
        #expect(try #require(transport.requests.first).bodyText.contains("%7B%22Version%22"))
    }

    @Test("ListRolePolicies follows Marker while IsTruncated")
    func listRolePoliciesPages() async throws {
        let transport = FakeTransport([
            .respond(try .fixture(200, "responses/iam-list-role-policies-1.xml")),
            .respond(try .fixture(200, "responses/iam-list-role-policies-2.xml")),
        ])
        let names = try await IAM(client: TestSupport.client(transport)).listRolePolicies(roleName: "r")
        #expect(names == ["one", "two", "three"])
        let requests = transport.requests
        #expect(requests.count == 2)
        #expect(requests[0].formParameters["Marker"] == nil)
        #expect(requests[1].formParameters["Marker"] == "page+2/=")
    }

    @Test("GetRolePolicy URL-decodes the document, keeping a literal +")
    func getRolePolicy() async throws {
        let transport = FakeTransport([.respond(try .fixture(200, "responses/iam-get-role-policy.xml"))])
        let document = try await IAM(client: TestSupport.client(transport)).getRolePolicy(
            roleName: "r", policyName: "p")
        #expect(document == #"{"Sid":"a+b c"}"#)
    }

    @Test("DeleteRole of a missing role surfaces NoSuchEntity as not found")
    func deleteMissingRole() async throws {
        let transport = FakeTransport([.respond(try .fixture(404, "errors/query-no-such-entity.xml"))])
        let error = try await #require(throws: AWSError.self) {
            try await IAM(client: TestSupport.client(transport)).deleteRole(name: "hoist-api-role")
        }
        #expect(error.isNotFound)
        #expect(error.operation == "DeleteRole")
    }

    @Test("AssumeRole without credentials in the answer is InvalidResponse")
    func assumeRoleWithoutCredentials() async throws {
        let transport = FakeTransport([
            .respond(.text(200, "<AssumeRoleResponse><AssumeRoleResult/></AssumeRoleResponse>"))
        ])
        let error = try await #require(throws: AWSError.self) {
            _ = try await STS(client: TestSupport.client(transport)).assumeRole(roleArn: "arn", sessionName: "s")
        }
        #expect(error.code == "InvalidResponse")
        #expect(error.operation == "AssumeRole")
    }

    @Test("AssumeRole reads the assumed role's ARN and credentials")
    func assumeRole() async throws {
        let transport = FakeTransport([.respond(try .fixture(200, "responses/sts-assume-role.xml"))])
        let role = try await STS(client: TestSupport.client(transport)).assumeRole(
            roleArn: "arn:aws:iam::123456789012:role/deploy", sessionName: "hoist-session")
        #expect(role.assumedRoleArn == "arn:aws:sts::123456789012:assumed-role/deploy/hoist-session")
        #expect(role.credentials == AssumeRoleTests.assumed)
        #expect(transport.requests.first?.formParameters["DurationSeconds"] == nil)
    }
}

@Suite("Client edge cases")
struct ClientEdgeTests {
    @Test("maxAttempts 1 (or less) never retries")
    func singleAttempt() async throws {
        for attempts in [1, 0, -3] {
            let transport = FakeTransport([], otherwise: .respond(.text(503, "")))
            let error = try await #require(throws: AWSError.self) {
                let _: AWSEmpty = try await TestSupport.client(transport, retry: RetryStrategy(maxAttempts: attempts))
                    .json(.dynamoDB, "ListTables", AWSEmpty())
            }
            #expect(error.attempts == 1)
            #expect(transport.callCount == 1)
        }
    }

    @Test("with(region:) and with(credentialProvider:) keep the transport and change only what they say")
    func withCopies() async throws {
        let transport = FakeTransport([], otherwise: .respond(.text(200, "{}")))
        let client = TestSupport.client(transport).with(region: "us-west-2").with(
            credentialProvider: StaticCredentialProvider(SigningTests.temporary))
        let _: AWSEmpty = try await client.json(.dynamoDB, "ListTables", AWSEmpty())
        let request = try #require(transport.requests.first)
        #expect(request.url == "https://dynamodb.us-west-2.amazonaws.com/")
        #expect(signingKeyId(request) == "ASIATEMPORARYKEY")
        #expect(request.header("X-Amz-Date") == "20261126T150000Z")
    }

    @Test("per-request transport options override the client's")
    func requestOptions() async throws {
        let transport = FakeTransport([], otherwise: .respond(HTTPResponse(status: 200)))
        let client = TestSupport.client(transport)
        let long = HTTPRequestOptions(totalTimeout: 900)
        _ = try await client.send(AWSRequest(service: .s3, operation: "A", method: "GET", path: "/", options: long))
        _ = try await client.send(AWSRequest(service: .s3, operation: "B", method: "GET", path: "/"))
        #expect(transport.options == [long, HTTPRequestOptions()])
    }

    @Test("an empty AWS_PROFILE counts as unset: the chain moves on past a missing default profile")
    func emptyProfileVariable() async throws {
        let transport = FakeTransport([.respond(try .fixture(200, "responses/container-credentials.json"))])
        let chain = standardChain(
            variables: ["AWS_PROFILE": "", "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI": "/v2/credentials/x"],
            transport: transport)
        #expect(try await chain.credentials()?.accessKeyId == "ASIACONTAINERKEY")
    }
}

@Suite("JSON calls: encoding and decoding failures")
struct JSONFailureTests {
    @Test("an input that cannot be encoded fails as InvalidInput before anything is sent")
    func unencodable() async throws {
        struct Bad: Encodable {
            var ratio = Double.nan
        }
        let transport = FakeTransport()
        let error = try await #require(throws: AWSError.self) {
            let _: AWSEmpty = try await TestSupport.client(transport).json(.dynamoDB, "PutItem", Bad())
        }
        #expect(error.code == "InvalidInput")
        #expect(error.operation == "PutItem")
        #expect(transport.callCount == 0)
    }

    @Test("an unreadable 2xx json answer is InvalidResponse with the request id")
    func undecodable() async throws {
        let transport = FakeTransport([
            .respond(.text(200, "<html>not json</html>", headers: [HTTPHeader("x-amzn-RequestId", "RID-9")]))
        ])
        let error = try await #require(throws: AWSError.self) {
            let _: FunctionShape = try await TestSupport.client(transport).restJSON(
                .lambda, "GetFunctionConfiguration", method: "GET", path: "/2015-03-31/functions/f/configuration")
        }
        #expect(error.code == "InvalidResponse")
        #expect(error.requestId == "RID-9")
        #expect(error.status == 200)
        #expect(error.attempts == 1)
        #expect(transport.callCount == 1)
    }

    @Test("an empty 2xx body decodes as an empty object")
    func emptyBody() async throws {
        struct Optional: Decodable {
            var nextMarker: String?
        }
        let transport = FakeTransport([.respond(HTTPResponse(status: 204))])
        let result: Optional = try await TestSupport.client(transport).restJSON(
            .lambda, "DeleteFunction", method: "DELETE", path: "/2015-03-31/functions/f")
        #expect(result.nextMarker == nil)
        #expect(transport.requests.first?.header("Content-Length") == nil)
    }
}
