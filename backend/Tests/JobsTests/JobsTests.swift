import AWSClients
import Testing

@testable import Jobs

/// Items in memory, in the order they were written.
actor RecordingStore: MovieRecordStore {
    var items: [DynamoDBItem] = []
    var refuse: Set<String> = []

    func put(_ item: DynamoDBItem) async throws {
        if let id = item["movieId"]?.string, refuse.contains(id) { throw JobConfigurationError(variable: id) }
        items.append(item)
    }

    func count() async throws -> Int { items.count }

    func refusing(_ id: String) { refuse.insert(id) }
}

@Test func workerWritesMoviesAndReportsTheFailedMessagesOnly() async throws {
    let store = RecordingStore()
    await store.refusing("m3")
    let event = """
        {"Records":[
          {"messageId":"a","body":"{\\"movieId\\":\\"m1\\",\\"title\\":\\"Alien\\"}"},
          {"messageId":"b","body":"not json"},
          {"messageId":"c","body":"{\\"movieId\\":\\"m2\\",\\"title\\":\\"Heat\\",\\"fail\\":true}"},
          {"messageId":"d","body":"{\\"movieId\\":\\"m3\\",\\"title\\":\\"Ran\\"}"}
        ]}
        """
    let answer = try await MovieImportWorker(store: store).handle(Array(event.utf8))
    #expect(
        String(decoding: answer, as: UTF8.self)
            == #"{"batchItemFailures":[{"itemIdentifier":"b"},{"itemIdentifier":"c"},{"itemIdentifier":"d"}]}"#)
    let items = await store.items
    #expect(items == [["movieId": .s("m1"), "title": .s("Alien"), "source": .s("queue")]])
}

@Test func workerRefusesAnEventThatIsNotSQS() async throws {
    await #expect(throws: (any Error).self) {
        _ = try await MovieImportWorker(store: RecordingStore()).handle(Array("{}".utf8))
    }
}

@Test func nightlyCountsAndWritesTheReportNamedByThePayload() async throws {
    let store = RecordingStore()
    try await store.put(["movieId": .s("m1")])
    try await store.put(["movieId": .s("m2")])
    let answer = try await NightlyReport(store: store).handle(Array(#"{"job":"weekly"}"#.utf8))
    #expect(String(decoding: answer, as: UTF8.self) == #"{"job":"weekly","count":2}"#)
    let last = await store.items.last
    #expect(last == ["movieId": .s("report-weekly"), "title": .s("nightly weekly"), "count": .n("2")])
    let defaulted = try await NightlyReport(store: store).handle(Array("{}".utf8))
    #expect(String(decoding: defaulted, as: UTF8.self) == #"{"job":"report","count":3}"#)
}
