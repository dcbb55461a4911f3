import AWSClients

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The queue worker of the multi-function example: each SQS message is a movie to import (`{"movieId": …,
/// "title": …}`), written to the movies table. A message that is not a movie, or that asks to fail
/// (`"fail": true`, for the DLQ demonstration), is reported in `batchItemFailures`, so that SQS hands it out again
/// and its redrive policy moves it to the dead-letter queue after `max_receives`; the others are deleted.
public struct MovieImportWorker: Sendable {
    /// Where movies go.
    public let store: any MovieRecordStore

    /// Creates a worker.
    public init(store: any MovieRecordStore) { self.store = store }

    /// The SQS event Lambda sends: the records of one batch.
    struct Event: Decodable {
        struct Record: Decodable {
            var messageId: String
            var body: String
        }
        var Records: [Record]
    }

    /// One message's body.
    struct Movie: Decodable {
        var movieId: String
        var title: String
        var fail: Bool?
    }

    /// Handles one batch; answers the partial batch response.
    public func handle(_ event: [UInt8]) async throws -> [UInt8] {
        let batch = try JSONDecoder().decode(Event.self, from: Data(event))
        var failed: [String] = []
        for record in batch.Records {
            guard let movie = try? JSONDecoder().decode(Movie.self, from: Data(record.body.utf8)),
                movie.fail != true, !movie.movieId.isEmpty
            else {
                failed.append(record.messageId)
                continue
            }
            do {
                try await store.put(["movieId": .s(movie.movieId), "title": .s(movie.title), "source": .s("queue")])
            } catch {
                failed.append(record.messageId)
            }
        }
        let failures = failed.map { "{\"itemIdentifier\":\"\($0)\"}" }.joined(separator: ",")
        return Array("{\"batchItemFailures\":[\(failures)]}".utf8)
    }
}
