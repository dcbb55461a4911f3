import Foundation
import HoistAWS
import HoistTestSupport
import Testing

@Suite("SQS client: JSON 1.0 requests, typed answers, batches")
struct SQSClientTests {
    static let url = "https://sqs.eu-west-1.amazonaws.com/123456789012/movies-dev-jobs"
    static let empty = HTTPResponse(status: 200, body: Array("{}".utf8))

    static func body(_ request: HTTPRequest?) throws -> [String: Any] {
        guard case .bytes(let bytes) = request?.body else { return [:] }
        return try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any] ?? [:]
    }

    static func header(_ request: HTTPRequest?, _ name: String) -> String? {
        request?.headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    @Test("CreateQueue: AmazonSQS target, JSON 1.0, Attributes by SQS's names, the lowercase `tags` member")
    func createQueue() async throws {
        let transport = FakeTransport([.respond(HTTPResponse(status: 200, body: Array(#"{"QueueUrl":"u"}"#.utf8)))])
        let redrive = SQSRedrivePolicy(
            deadLetterTargetArn: "arn:aws:sqs:eu-west-1:123456789012:movies-dev-jobs-dlq", maxReceiveCount: 5)
        let url = try await SQS(client: TestSupport.client(transport)).createQueue(
            name: "movies-dev-jobs",
            attributes: [.visibilityTimeout: "180", .redrivePolicy: redrive.json],
            tags: ["hoist:project": "movies", "hoist:stage": "dev"])
        #expect(url == "u")
        let request = transport.requests.first
        #expect(Self.header(request, "X-Amz-Target") == "AmazonSQS.CreateQueue")
        #expect(Self.header(request, "Content-Type") == "application/x-amz-json-1.0")
        #expect(Self.header(request, "Authorization")?.contains("/eu-west-1/sqs/aws4_request") == true)
        #expect(request?.url == "https://sqs.eu-west-1.amazonaws.com/")
        let sent = try Self.body(request)
        #expect(Set(sent.keys) == ["QueueName", "Attributes", "tags"])
        #expect(sent["tags"] as? [String: String] == ["hoist:project": "movies", "hoist:stage": "dev"])
        let attributes = try #require(sent["Attributes"] as? [String: String])
        #expect(attributes["VisibilityTimeout"] == "180")
        #expect(
            attributes["RedrivePolicy"]
                == #"{"deadLetterTargetArn":"arn:aws:sqs:eu-west-1:123456789012:movies-dev-jobs-dlq","maxReceiveCount":5}"#
        )
    }

    @Test("GetQueueAttributes: typed values, a text maxReceiveCount, the messages held counted")
    func attributes() async throws {
        let transport = FakeTransport([.respond(try .fixture(200, "responses/sqs-get-queue-attributes.json"))])
        let attributes = try await SQS(client: TestSupport.client(transport)).getQueueAttributes(queueUrl: Self.url)
        #expect(attributes.queueArn == "arn:aws:sqs:eu-west-1:123456789012:movies-dev-jobs")
        #expect(attributes.visibilityTimeout == 180)
        #expect(attributes.messageRetentionPeriod == 345_600)
        #expect(
            attributes.redrivePolicy
                == SQSRedrivePolicy(
                    deadLetterTargetArn: "arn:aws:sqs:eu-west-1:123456789012:movies-dev-jobs-dlq", maxReceiveCount: 5))
        #expect(attributes.messagesHeld == 3)
        let sent = try Self.body(transport.requests.first)
        #expect(sent["QueueUrl"] as? String == Self.url)
        #expect(Set(sent["AttributeNames"] as? [String] ?? []) == Set(SQSQueueAttributeName.allCases.map(\.rawValue)))
    }

    @Test("a redrive policy that is not one reads as none; an empty attribute map has nothing")
    func redriveText() {
        #expect(SQSRedrivePolicy(json: "") == nil)
        #expect(SQSRedrivePolicy(json: #"{"maxReceiveCount":5}"#) == nil)
        #expect(SQSRedrivePolicy(json: #"{"deadLetterTargetArn":"arn:x","maxReceiveCount":7}"#)?.maxReceiveCount == 7)
        let none = SQSQueueAttributes([:])
        #expect(none.redrivePolicy == nil && none.messagesHeld == 0 && none.visibilityTimeout == nil)
    }

    @Test("QueueDoesNotExist (HTTP 400) is a not-found")
    func queueDoesNotExist() async throws {
        let transport = FakeTransport([.respond(try .fixture(400, "errors/json10-sqs-queue-does-not-exist.json"))])
        let sqs = SQS(client: TestSupport.client(transport))
        do {
            _ = try await sqs.getQueueUrl(name: "missing")
            Issue.record("a missing queue must throw")
        } catch let error as AWSError {
            #expect(error.code == AWSError.queueDoesNotExist)
            #expect(error.isNotFound)
            #expect(error.message == "The specified queue does not exist.")
        }
        let again = FakeTransport([.respond(try .fixture(400, "errors/json10-sqs-queue-does-not-exist.json"))])
        let url = try await AWSError.nilIfNotFound {
            try await SQS(client: TestSupport.client(again)).getQueueUrl(name: "missing")
        }
        #expect(url == nil)
    }

    @Test("ReceiveMessage: long polling, the receive count asked for and read back")
    func receive() async throws {
        let transport = FakeTransport([.respond(try .fixture(200, "responses/sqs-receive-message.json"))])
        let messages = try await SQS(client: TestSupport.client(transport)).receiveMessages(
            queueUrl: Self.url, maxNumberOfMessages: 5, waitTimeSeconds: 20, visibilityTimeout: 60)
        #expect(messages.map(\.messageId) == ["5fea7756-0ea4-451a-a703-a558b933e274", "a1b2"])
        #expect(messages.map(\.approximateReceiveCount) == [3, 1])
        #expect(messages.first?.body == #"{"job":1}"#)
        #expect(messages.first?.md5OfBody == "fafb00f5732ab283681e124bf8747ed1")
        #expect(messages.last?.receiptHandle == "second-handle")
        let sent = try Self.body(transport.requests.first)
        #expect(sent["MaxNumberOfMessages"] as? Int == 5)
        #expect(sent["WaitTimeSeconds"] as? Int == 20)
        #expect(sent["VisibilityTimeout"] as? Int == 60)
        #expect(sent["MessageSystemAttributeNames"] as? [String] == ["ApproximateReceiveCount"])
        #expect(sent["AttributeNames"] == nil, "the deprecated member is not sent")
    }

    @Test("ReceiveMessage with message attributes: every system attribute and All asked for, typed values read back")
    func receiveAttributes() async throws {
        let transport = FakeTransport([.respond(try .fixture(200, "responses/sqs-receive-message-attributes.json"))])
        let messages = try await SQS(client: TestSupport.client(transport)).receiveMessages(
            queueUrl: Self.url, waitTimeSeconds: 5, systemAttributes: SQSMessageSystemAttributeName.allCases,
            messageAttributeNames: ["All"])
        let message = try #require(messages.first)
        #expect(message.attributes?["SenderId"] == "AIDAEXAMPLE")
        #expect(
            message.messageAttributes?["kind"] == SQSMessageAttributeValue(dataType: "String", stringValue: "order"))
        #expect(message.messageAttributes?["blob"] == SQSMessageAttributeValue(dataType: "Binary", binaryValue: "AAEC"))
        let sent = try Self.body(transport.requests.first)
        #expect(sent["MessageAttributeNames"] as? [String] == ["All"])
        #expect(
            sent["MessageSystemAttributeNames"] as? [String]
                == ["ApproximateReceiveCount", "ApproximateFirstReceiveTimestamp", "SentTimestamp", "SenderId"])
        #expect(sent["VisibilityTimeout"] == nil, "the queue's own timeout")
    }

    @Test("no message in the wait: an empty list")
    func receiveNothing() async throws {
        let transport = FakeTransport([.respond(Self.empty)])
        #expect(try await SQS(client: TestSupport.client(transport)).receiveMessages(queueUrl: Self.url).isEmpty)
    }

    @Test("DeleteMessageBatch: ten entries per call, failures mapped back to their receipt handles")
    func deleteBatch() async throws {
        let transport = FakeTransport([
            .respond(try .fixture(200, "responses/sqs-delete-message-batch.json")), .respond(Self.empty),
        ])
        let handles = (0..<12).map { "handle-\($0)" }
        let failures = try await SQS(client: TestSupport.client(transport)).deleteMessages(
            queueUrl: Self.url, receiptHandles: handles)
        #expect(
            failures == [
                SQSBatchFailure(
                    receiptHandle: "handle-1", code: "ReceiptHandleIsInvalid",
                    message: "The input receipt handle is invalid.", senderFault: true)
            ])
        #expect(transport.requests.count == 2)
        let first = try #require(try Self.body(transport.requests[0])["Entries"] as? [[String: String]])
        let second = try #require(try Self.body(transport.requests[1])["Entries"] as? [[String: String]])
        #expect(first.count == 10 && second.count == 2)
        #expect(first[1] == ["Id": "m1", "ReceiptHandle": "handle-1"])
        #expect(second.map { $0["ReceiptHandle"] } == ["handle-10", "handle-11"])
        #expect(Self.header(transport.requests[0], "X-Amz-Target") == "AmazonSQS.DeleteMessageBatch")
    }

    @Test("SendMessage and ChangeMessageVisibility send the model's members")
    func sendAndHide() async throws {
        let transport = FakeTransport([
            .respond(HTTPResponse(status: 200, body: Array(#"{"MessageId":"id-1","MD5OfMessageBody":"x"}"#.utf8))),
            .respond(Self.empty),
        ])
        let sqs = SQS(client: TestSupport.client(transport))
        #expect(try await sqs.sendMessage(queueUrl: Self.url, body: "hello") == "id-1")
        try await sqs.changeMessageVisibility(queueUrl: Self.url, receiptHandle: "h", visibilityTimeout: 0)
        #expect(try Self.body(transport.requests[0]) as NSDictionary == ["QueueUrl": Self.url, "MessageBody": "hello"])
        #expect(
            try Self.body(transport.requests[1]) as NSDictionary == [
                "QueueUrl": Self.url, "ReceiptHandle": "h", "VisibilityTimeout": 0,
            ])
    }
}
