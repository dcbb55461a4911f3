import Foundation
import HoistTestSupport
import Testing

@testable import HoistCore

/// `SampleEvent`: what `hoist invoke --sample` writes, checked against the keys AWS documents for each source.
@Suite("invoke: sample events")
struct SampleEventTests {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static func object(_ sample: SampleEvent) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(sample.json.utf8)) as? [String: Any])
    }

    static func keys(_ value: Any?) -> Set<String> { Set(((value as? [String: Any]) ?? [:]).keys) }

    @Test("each embedded sample is its file under templates/events/ to the byte", arguments: SampleEvent.allCases)
    func embeddedIsTheFile(_ sample: SampleEvent) throws {
        let file = Self.packageRoot.appendingPathComponent(sample.templatePath)
        #expect(sample.json == (try String(contentsOf: file, encoding: .utf8)))
        #expect(sample.json.hasSuffix("}\n"))
    }

    @Test("http: an HTTP API payload 2.0 request, GET /, with headers, requestContext and isBase64Encoded false")
    func http() throws {
        let event = try Self.object(.http)
        #expect(
            Self.keys(event).isSuperset(of: [
                "version", "routeKey", "rawPath", "rawQueryString", "headers", "requestContext", "isBase64Encoded",
            ]))
        #expect(event["version"] as? String == "2.0")
        #expect(event["routeKey"] as? String == "$default")
        #expect(event["rawPath"] as? String == "/")
        #expect(event["isBase64Encoded"] as? Bool == false)
        let headers = try #require(event["headers"] as? [String: String])
        #expect(headers.keys.allSatisfy { $0 == $0.lowercased() }, "payload 2.0 header names are lowercase")
        #expect(headers["host"] != nil)
        let context = try #require(event["requestContext"] as? [String: Any])
        #expect(
            Self.keys(context).isSuperset(of: [
                "accountId", "apiId", "domainName", "domainPrefix", "http", "requestId", "routeKey", "stage", "time",
                "timeEpoch",
            ]))
        let http = try #require(context["http"] as? [String: String])
        #expect(http == http.filter { ["method", "path", "protocol", "sourceIp", "userAgent"].contains($0.key) })
        #expect(http["method"] == "GET")
        #expect(http["path"] == "/")
        #expect(context["domainName"] as? String == headers["host"])
    }

    @Test("sqs: a batch of Records with the documented keys, eventSource aws:sqs, md5OfBody each body's MD5")
    func sqs() throws {
        let records = try #require(try Self.object(.sqs)["Records"] as? [[String: Any]])
        #expect(records.count == 2)
        for record in records {
            #expect(
                Self.keys(record)
                    == [
                        "messageId", "receiptHandle", "body", "attributes", "messageAttributes", "md5OfBody",
                        "eventSource", "eventSourceARN", "awsRegion",
                    ])
            #expect(record["eventSource"] as? String == "aws:sqs")
            let arn = try #require(record["eventSourceARN"] as? String)
            let region = try #require(record["awsRegion"] as? String)
            #expect(arn.hasPrefix("arn:aws:sqs:\(region):"))
            #expect(
                Self.keys(record["attributes"]).isSuperset(of: [
                    "ApproximateReceiveCount", "SentTimestamp", "SenderId", "ApproximateFirstReceiveTimestamp",
                ]))
            let body = try #require(record["body"] as? String)
            let md5 = try ProcessRunner.python(
                "import hashlib, sys; print(hashlib.md5(sys.argv[1].encode()).hexdigest())", [body])
            #expect(record["md5OfBody"] as? String == md5.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        let attribute = try #require((records[0]["messageAttributes"] as? [String: [String: Any]])?["myAttribute"])
        #expect(attribute["dataType"] as? String == "String")
    }

    @Test("schedule: the EventBridge scheduled event, detail-type Scheduled Event, detail {}")
    func schedule() throws {
        let event = try Self.object(.schedule)
        #expect(
            Self.keys(event)
                == ["version", "id", "detail-type", "source", "account", "time", "region", "resources", "detail"])
        #expect(event["detail-type"] as? String == "Scheduled Event")
        #expect(["aws.events", "aws.scheduler"].contains(event["source"] as? String ?? ""))
        #expect((event["detail"] as? [String: Any])?.isEmpty == true)
        let resources = try #require(event["resources"] as? [String])
        let region = try #require(event["region"] as? String)
        let account = try #require(event["account"] as? String)
        #expect(resources.count == 1 && resources[0].hasPrefix("arn:aws:events:\(region):\(account):rule/"))
        #expect(ISO8601DateFormatter().date(from: event["time"] as? String ?? "") != nil)
    }
}
