import Foundation

/// Amazon SQS over the AWS JSON 1.0 protocol (botocore's current model): the queues hoist creates for functions'
/// `queue:` triggers, and the message calls of `hoist dev`'s local poller. Every call but CreateQueue, GetQueueUrl
/// and ListQueues names its queue by URL. A queue that does not exist answers `QueueDoesNotExist`
/// (``AWSError/isNotFound``).
public struct SQS: Sendable {
    /// The client calls go through.
    public let client: AWSClient

    /// Creates the service on a client.
    public init(client: AWSClient) { self.client = client }

    /// The most entries one batch call takes.
    public static let batchLimit = 10

    /// CreateQueue with attributes and tags; returns the queue's URL. SQS answers the URL of an existing queue of
    /// the name whose attributes are exactly these, and `QueueNameExists` when they differ.
    public func createQueue(
        name: String, attributes: [SQSQueueAttributeName: String] = [:], tags: [String: String] = [:]
    ) async throws -> String {
        // `tags` is the model's one lowercase member: a map keeps its keys as written, where the coder would
        // capitalise a property's name.
        enum Member: Encodable {
            case text(String)
            case map([String: String])
            func encode(to encoder: any Encoder) throws {
                var container = encoder.singleValueContainer()
                switch self {
                case .text(let text): try container.encode(text)
                case .map(let map): try container.encode(map)
                }
            }
        }
        var input: [String: Member] = ["QueueName": .text(name)]
        if !attributes.isEmpty { input["Attributes"] = .map(Self.wire(attributes)) }
        if !tags.isEmpty { input["tags"] = .map(tags) }
        struct Output: Decodable { var queueUrl: String? }
        let output: Output = try await client.json(.sqs, "CreateQueue", input)
        guard let url = output.queueUrl else {
            throw AWSError(
                service: "sqs", operation: "CreateQueue", status: 200, code: "InvalidResponse",
                message: "CreateQueue answered no QueueUrl for \(name)")
        }
        return url
    }

    /// GetQueueUrl: the URL of the queue of this name in the caller's account.
    public func getQueueUrl(name: String) async throws -> String {
        struct Output: Decodable { var queueUrl: String? }
        let output: Output = try await client.json(.sqs, "GetQueueUrl", ["QueueName": name])
        guard let url = output.queueUrl else {
            throw AWSError(
                service: "sqs", operation: "GetQueueUrl", status: 200, code: "InvalidResponse",
                message: "GetQueueUrl answered no QueueUrl for \(name)")
        }
        return url
    }

    /// ListQueues: the URLs of every queue whose name starts with `prefix`, all pages.
    public func listQueues(prefix: String) async throws -> [String] {
        struct Input: Encodable {
            var queueNamePrefix: String
            var maxResults: Int
            var nextToken: String?
        }
        struct Output: Decodable {
            var queueUrls: [String]?
            var nextToken: String?
        }
        var urls: [String] = []
        var token: String?
        repeat {
            // MaxResults is what makes SQS page (and answer NextToken) instead of stopping at 1,000.
            let output: Output = try await client.json(
                .sqs, "ListQueues", Input(queueNamePrefix: prefix, maxResults: 1000, nextToken: token))
            urls += output.queueUrls ?? []
            token = output.nextToken.flatMap { $0.isEmpty ? nil : $0 }
        } while token != nil
        return urls
    }

    /// GetQueueAttributes of the named attributes (all that hoist uses unless told).
    public func getQueueAttributes(
        queueUrl: String, names: [SQSQueueAttributeName] = SQSQueueAttributeName.allCases
    ) async throws -> SQSQueueAttributes {
        struct Input: Encodable {
            var queueUrl: String
            var attributeNames: [String]
        }
        struct Output: Decodable { var attributes: [String: String]? }
        let output: Output = try await client.json(
            .sqs, "GetQueueAttributes", Input(queueUrl: queueUrl, attributeNames: names.map(\.rawValue)))
        return SQSQueueAttributes(output.attributes ?? [:])
    }

    /// SetQueueAttributes: changes the given attributes only (an empty RedrivePolicy removes the dead-letter queue).
    public func setQueueAttributes(queueUrl: String, attributes: [SQSQueueAttributeName: String]) async throws {
        struct Input: Encodable {
            var queueUrl: String
            var attributes: [String: String]
        }
        let _: AWSEmpty = try await client.json(
            .sqs, "SetQueueAttributes", Input(queueUrl: queueUrl, attributes: Self.wire(attributes)))
    }

    /// ListQueueTags.
    public func listQueueTags(queueUrl: String) async throws -> [String: String] {
        struct Output: Decodable { var tags: [String: String]? }
        let output: Output = try await client.json(.sqs, "ListQueueTags", ["QueueUrl": queueUrl])
        return output.tags ?? [:]
    }

    /// TagQueue: adds or overwrites these tags.
    public func tagQueue(queueUrl: String, tags: [String: String]) async throws {
        struct Input: Encodable {
            var queueUrl: String
            var tags: [String: String]
        }
        let _: AWSEmpty = try await client.json(.sqs, "TagQueue", Input(queueUrl: queueUrl, tags: tags))
    }

    /// UntagQueue: removes tags by key.
    public func untagQueue(queueUrl: String, keys: [String]) async throws {
        struct Input: Encodable {
            var queueUrl: String
            var tagKeys: [String]
        }
        let _: AWSEmpty = try await client.json(.sqs, "UntagQueue", Input(queueUrl: queueUrl, tagKeys: keys))
    }

    /// DeleteQueue, messages and all. SQS refuses a new queue of the name for 60 seconds after
    /// (`QueueDeletedRecently`).
    public func deleteQueue(queueUrl: String) async throws {
        let _: AWSEmpty = try await client.json(.sqs, "DeleteQueue", ["QueueUrl": queueUrl])
    }

    /// The wire form of an attribute map: names as SQS spells them.
    static func wire(_ attributes: [SQSQueueAttributeName: String]) -> [String: String] {
        Dictionary(uniqueKeysWithValues: attributes.map { ($0.key.rawValue, $0.value) })
    }
}
