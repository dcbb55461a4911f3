import Foundation
import HoistAWS
import HoistTestSupport
import Testing

@testable import HoistCore

/// What a canary reads from CloudWatch and what it shows: the queries, the time range, the progress line.
@Suite("Canary metrics queries and progress")
struct CanaryReportingTests {
    static let release = CanaryRelease(functionName: "movies-api-dev", alias: "live", oldVersion: "3", newVersion: "4")

    @Test("four queries: Errors and Throttles through the alias (ExecutedVersion) and direct (Resource), 60 s Sum")
    func queries() {
        let queries = CloudWatchCanaryMetrics.queries(for: Self.release)
        #expect(queries.map(\.id) == ["errors_alias", "errors_version", "throttles_alias", "throttles_version"])
        #expect(queries.allSatisfy { $0.period == 60 && $0.stat == "Sum" && $0.metric.namespace == "AWS/Lambda" })
        #expect(queries.map(\.metric.metricName) == ["Errors", "Errors", "Throttles", "Throttles"])
        #expect(
            queries[0].metric.dimensions == [
                CloudWatchDimension("FunctionName", "movies-api-dev"),
                CloudWatchDimension("Resource", "movies-api-dev:live"),
                CloudWatchDimension("ExecutedVersion", "4"),
            ])
        #expect(
            queries[1].metric.dimensions == [
                CloudWatchDimension("FunctionName", "movies-api-dev"),
                CloudWatchDimension("Resource", "movies-api-dev:4"),
            ])
    }

    /// A GetMetricData answer with one result per (id, values, status).
    static func answer(_ results: [(String, [Double], String)]) -> HTTPResponse {
        let members = results.map { id, values, status in
            "<member><Id>\(id)</Id><Timestamps>"
                + values.map { _ in "<member>2026-11-26T15:00:00Z</member>" }.joined() + "</Timestamps><Values>"
                + values.map { "<member>\($0)</member>" }.joined()
                + "</Values><StatusCode>\(status)</StatusCode></member>"
        }
        let xml =
            "<GetMetricDataResponse><GetMetricDataResult><MetricDataResults>\(members.joined())</MetricDataResults>"
            + "</GetMetricDataResult></GetMetricDataResponse>"
        return HTTPResponse(status: 200, headers: [], body: Array(xml.utf8))
    }

    static func metrics(_ transport: FakeTransport) -> CloudWatchCanaryMetrics {
        CloudWatchCanaryMetrics(
            cloudWatch: CloudWatch(
                client: AWSClient(
                    transport: transport,
                    credentialProvider: StaticCredentialProvider(
                        AWSCredentials(accessKeyId: "AKID", secretAccessKey: "s")),
                    region: "us-east-1", environment: AWSEnvironment(variables: [:]), sleep: { _ in })))
    }

    @Test("errors and throttles are each summed over the alias and the direct queries and every minute")
    func sums() async throws {
        let transport = FakeTransport([
            .respond(
                Self.answer([
                    ("errors_alias", [1, 2], "Complete"), ("errors_version", [4], "Complete"),
                    ("throttles_alias", [], "Complete"), ("throttles_version", [0.0, 3], "PartialData"),
                ]))
        ])
        let start = Date(timeIntervalSince1970: 1_795_705_230)
        let counts = try await Self.metrics(transport).counts(for: Self.release, since: start, now: start)
        #expect(counts == CanaryCounts(errors: 7, throttles: 3))
        #expect(transport.requests.first?.formParameters["StartTime"] == "2026-11-26T14:59:00Z")
    }

    @Test("a query CloudWatch could not answer is an error, never a zero")
    func unanswered() async throws {
        let transport = FakeTransport([
            .respond(Self.answer([("errors_alias", [], "InternalError"), ("errors_version", [], "Complete")]))
        ])
        let start = Date(timeIntervalSince1970: 1_795_705_230)
        let error = try await #require(throws: AWSError.self) {
            _ = try await Self.metrics(transport).counts(for: Self.release, since: start, now: start)
        }
        #expect(error.code == "MetricDataInternalError")
    }

    @Test("the range starts on the minute a minute before the start and ends a minute after now")
    func window() {
        let start = Date(timeIntervalSince1970: 1_795_705_230)  // 15:00:30
        let now = start.addingTimeInterval(12.4)
        let (from, to) = CloudWatchCanaryMetrics.window(since: start, now: now)
        #expect(from == Date(timeIntervalSince1970: 1_795_705_140))  // 14:59:00
        #expect(to == Date(timeIntervalSince1970: 1_795_705_303))  // now + 60, rounded up to the second
    }

    @Test("the progress line: elapsed of window, counts with plurals")
    func line() {
        var progress = CanaryProgress(
            release: Self.release, percent: 10, elapsedSeconds: 70.6, windowSeconds: 300,
            counts: CanaryCounts(errors: 1, throttles: 0), threshold: 0)
        #expect(progress.line == "canary movies-api-dev:live 3 → 4 (10%): 1m10s of 5m, 1 error, 0 throttles")
        progress.percent = 2.5
        progress.elapsedSeconds = 5
        progress.windowSeconds = 3600
        #expect(progress.line == "canary movies-api-dev:live 3 → 4 (2.5%): 5s of 1h, 1 error, 0 throttles")
    }
}
