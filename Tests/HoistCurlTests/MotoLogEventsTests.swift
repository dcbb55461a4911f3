import Foundation
import HoistAWS
import HoistCurl
import HoistTestSupport
import Testing

/// FilterLogEvents page after page, CreateLogStream and PutLogEvents, against moto (auth enforced).
@Suite("CloudWatch Logs events against moto", .enabled(if: MotoTestBed.shouldRun, MotoTestBed.skipNote))
struct MotoLogEventsTests {
    @Test("three streams, seven events, limit 2: four pages, every event once; a range and a pattern narrow them")
    func pages() async throws {
        let bed = try MotoTestBed.bed()
        let recorder = RecordingTransport(CurlTransport())
        let logs = CloudWatchLogs(client: bed.client(transport: recorder))
        let group = "/aws/lambda/\(MotoTestBed.unique("logs-dev"))"
        try await logs.createLogGroup(name: group)
        let base = Int64(Date().timeIntervalSince1970 * 1000) - 60_000
        let streams: [String: [Int64]] = ["a": [0, 3000, 6000], "b": [1000, 4000], "c": [2000, 5000]]
        for (stream, offsets) in streams.sorted(by: { $0.key < $1.key }) {
            try await logs.createLogStream(group: group, stream: stream)
            let rejected = try await logs.putLogEvents(
                group: group, stream: stream,
                events: offsets.map { InputLogEvent(timestamp: base + $0, message: "\(stream) at \($0) ms\n") })
            #expect(rejected == nil)
        }
        let before = recorder.count

        let all = try await logs.filterLogEvents(LogEventFilter(logGroupName: group, startTime: base, limit: 2))
        #expect(
            Array(recorder.targets.dropFirst(before)) == Array(repeating: "FilterLogEvents", count: 4),
            "7 events, 2 a page")
        #expect(all.count == 7)
        #expect(Set(all.map(\.eventId)).count == 7)
        #expect(Set(all.map(\.timestamp)) == Set((0...6).map { base + Int64($0) * 1000 }))
        #expect(Set(all.compactMap(\.logStreamName)) == ["a", "b", "c"])
        #expect(all.allSatisfy { $0.ingestionTime != nil && $0.message.hasSuffix(" ms\n") })

        let later = try await logs.filterLogEvents(LogEventFilter(logGroupName: group, startTime: base + 4000))
        #expect(later.map(\.timestamp).sorted() == [base + 4000, base + 5000, base + 6000], "startTime is inclusive")
        let onlyB = try await logs.filterLogEvents(
            LogEventFilter(logGroupName: group, startTime: base, filterPattern: "b at"))
        #expect(onlyB.map(\.message).sorted() == ["b at 1000 ms\n", "b at 4000 ms\n"])
        try await logs.deleteLogGroup(name: group)
        #expect(recorder.signatureFailures.isEmpty, "\(recorder.signatureFailures)")
    }

    @Test("a log group that does not exist: ResourceNotFoundException")
    func missingGroup() async throws {
        let bed = try MotoTestBed.bed()
        let logs = CloudWatchLogs(client: bed.client(transport: CurlTransport()))
        let error = await #expect(throws: AWSError.self) {
            try await logs.filterLogEvents(LogEventFilter(logGroupName: "/aws/lambda/\(MotoTestBed.unique("none"))"))
        }
        #expect(error?.code == "ResourceNotFoundException")
        #expect(error?.operation == "FilterLogEvents")
    }
}
