/// The sample events `hoist invoke --sample` writes: one per event source a function can be invoked by.
///
/// Why embedded: the installed binary ships alone (no resource bundle), like `hoist init`'s templates; each text is
/// `templates/events/<name>.json` to the byte (a test keeps them so). The shapes are AWS's documented examples: an
/// API Gateway HTTP API request in payload format 2.0 (`GET /`), an SQS batch of two records as Lambda's event
/// source mapping delivers it (`md5OfBody` is each body's MD5), and the EventBridge scheduled event.
public enum SampleEvent: String, CaseIterable, Sendable {
    /// An API Gateway HTTP API (payload format 2.0) request: `GET /`.
    case http
    /// An SQS batch of two messages.
    case sqs
    /// An EventBridge scheduled event (`detail-type` `Scheduled Event`).
    case schedule

    /// The event's JSON text, ending in a newline.
    public var json: String {
        switch self {
        case .http: return Self.httpJSON
        case .sqs: return Self.sqsJSON
        case .schedule: return Self.scheduleJSON
        }
    }

    /// Where the event's file is in the repository, for the test that compares them.
    public var templatePath: String { "templates/events/\(rawValue).json" }

    /// templates/events/http.json.
    static let httpJSON = #"""
        {
          "version": "2.0",
          "routeKey": "$default",
          "rawPath": "/",
          "rawQueryString": "",
          "headers": {
            "accept": "*/*",
            "content-length": "0",
            "host": "r3pmxmplak.execute-api.us-east-1.amazonaws.com",
            "user-agent": "curl/8.5.0",
            "x-amzn-trace-id": "Root=1-65f1c4a0-0a1b2c3d4e5f60718293a4b5",
            "x-forwarded-for": "198.51.100.7",
            "x-forwarded-port": "443",
            "x-forwarded-proto": "https"
          },
          "requestContext": {
            "accountId": "123456789012",
            "apiId": "r3pmxmplak",
            "domainName": "r3pmxmplak.execute-api.us-east-1.amazonaws.com",
            "domainPrefix": "r3pmxmplak",
            "http": {
              "method": "GET",
              "path": "/",
              "protocol": "HTTP/1.1",
              "sourceIp": "198.51.100.7",
              "userAgent": "curl/8.5.0"
            },
            "requestId": "JKJaXmPLvHcESHA=",
            "routeKey": "$default",
            "stage": "$default",
            "time": "13/Mar/2024:15:22:08 +0000",
            "timeEpoch": 1710343328000
          },
          "isBase64Encoded": false
        }

        """#

    /// templates/events/sqs.json.
    static let sqsJSON = #"""
        {
          "Records": [
            {
              "messageId": "059f36b4-87a3-44ab-83d2-661975830a7d",
              "receiptHandle": "AQEBwJnKyrHigUMZj6rYigCgxlaS3SLy0a...",
              "body": "Test message.",
              "attributes": {
                "ApproximateReceiveCount": "1",
                "SentTimestamp": "1710343200000",
                "SenderId": "AIDAIENQZJOLO23YVJ4VO",
                "ApproximateFirstReceiveTimestamp": "1710343200012"
              },
              "messageAttributes": {
                "myAttribute": {
                  "stringValue": "myValue",
                  "stringListValues": [],
                  "binaryListValues": [],
                  "dataType": "String"
                }
              },
              "md5OfBody": "e4e68fb7bd0e697a0ae8f1bb342846b3",
              "eventSource": "aws:sqs",
              "eventSourceARN": "arn:aws:sqs:us-east-1:123456789012:my-queue",
              "awsRegion": "us-east-1"
            },
            {
              "messageId": "2e1424d4-f796-459a-8184-9c92662be6da",
              "receiptHandle": "AQEBzWwaftRI0KuVm4tP+/7q1rGgNqicHq...",
              "body": "{\"orderId\": \"1234\", \"quantity\": 2}",
              "attributes": {
                "ApproximateReceiveCount": "1",
                "SentTimestamp": "1710343201544",
                "SenderId": "AIDAIENQZJOLO23YVJ4VO",
                "ApproximateFirstReceiveTimestamp": "1710343201550"
              },
              "messageAttributes": {},
              "md5OfBody": "df1be014982b191296662e95f6a797cf",
              "eventSource": "aws:sqs",
              "eventSourceARN": "arn:aws:sqs:us-east-1:123456789012:my-queue",
              "awsRegion": "us-east-1"
            }
          ]
        }

        """#

    /// templates/events/schedule.json.
    static let scheduleJSON = #"""
        {
          "version": "0",
          "id": "53dc4d37-cffa-4f76-80c9-8b7d4a4d2eaa",
          "detail-type": "Scheduled Event",
          "source": "aws.events",
          "account": "123456789012",
          "time": "2024-03-13T15:20:00Z",
          "region": "us-east-1",
          "resources": [
            "arn:aws:events:us-east-1:123456789012:rule/my-schedule"
          ],
          "detail": {}
        }

        """#
}
