import AWSClients

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The scheduled job of the multi-function example: counts the movies and writes the count as the item
/// `report-<job>` (the schedule's payload names the job), so a run can be read back from the table.
public struct NightlyReport: Sendable {
    /// Where movies are.
    public let store: any MovieRecordStore

    /// Creates the job.
    public init(store: any MovieRecordStore) { self.store = store }

    /// The schedule's payload (`{"job": "report"}`); Scheduler sends `{}` when none is set.
    struct Payload: Decodable {
        var job: String?
    }

    /// Runs once; answers `{"job": …, "count": …}`.
    public func handle(_ event: [UInt8]) async throws -> [UInt8] {
        let job = (try? JSONDecoder().decode(Payload.self, from: Data(event)))?.job ?? "report"
        // The report item is not a movie: counted without itself.
        let count = try await store.count()
        try await store.put(["movieId": .s("report-\(job)"), "title": .s("nightly \(job)"), "count": .n("\(count)")])
        return Array("{\"job\":\"\(job)\",\"count\":\(count)}".utf8)
    }
}
