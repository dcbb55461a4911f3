import Foundation
import HoistAWS
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
