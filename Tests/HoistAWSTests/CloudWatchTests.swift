import Foundation
import HoistAWS
import HoistTestSupport
import Testing

/// The CloudWatch client's query-protocol forms and its GetMetricData pages, over a fake transport.
@Suite("CloudWatch client")
struct CloudWatchTests {
    static let metric = CloudWatchMetric(
        namespace: "AWS/Lambda", metricName: "Errors",
        dimensions: [CloudWatchDimension("FunctionName", "fn"), CloudWatchDimension("Resource", "fn:live")])

    @Test("GetMetricData sends numbered MetricDataQueries with MetricStat members, signed as monitoring")
    func form() async throws {
        let transport = FakeTransport([.respond(try .fixture(200, "responses/cloudwatch-get-metric-data-2.xml"))])
        let start = TestSupport.date
        _ = try await CloudWatch(client: TestSupport.client(transport)).getMetricData(
            queries: [CloudWatchMetricQuery(id: "errors_alias", metric: Self.metric, period: 60, stat: "Sum")],
            startTime: start, endTime: start.addingTimeInterval(61.5))
        let request = try #require(transport.requests.first)
        #expect(request.url == "https://monitoring.eu-west-1.amazonaws.com/")
        #expect(request.header("Authorization")?.contains("/eu-west-1/monitoring/aws4_request") == true)
        #expect(
            request.formParameters == [
                "Action": "GetMetricData", "Version": "2010-08-01", "StartTime": "2026-11-26T15:00:00Z",
                "EndTime": "2026-11-26T15:01:01Z", "MetricDataQueries.member.1.Id": "errors_alias",
                "MetricDataQueries.member.1.MetricStat.Metric.Namespace": "AWS/Lambda",
                "MetricDataQueries.member.1.MetricStat.Metric.MetricName": "Errors",
                "MetricDataQueries.member.1.MetricStat.Metric.Dimensions.member.1.Name": "FunctionName",
                "MetricDataQueries.member.1.MetricStat.Metric.Dimensions.member.1.Value": "fn",
                "MetricDataQueries.member.1.MetricStat.Metric.Dimensions.member.2.Name": "Resource",
                "MetricDataQueries.member.1.MetricStat.Metric.Dimensions.member.2.Value": "fn:live",
                "MetricDataQueries.member.1.MetricStat.Period": "60",
                "MetricDataQueries.member.1.MetricStat.Stat": "Sum",
            ])
    }

    @Test("GetMetricData follows NextToken and merges each query's datapoints across pages")
    func pages() async throws {
        let transport = FakeTransport([
            .respond(try .fixture(200, "responses/cloudwatch-get-metric-data-1.xml")),
            .respond(try .fixture(200, "responses/cloudwatch-get-metric-data-2.xml")),
        ])
        let queries = ["errors_alias", "throttles_alias"].map {
            CloudWatchMetricQuery(id: $0, metric: Self.metric, period: 60, stat: "Sum")
        }
        let results = try await CloudWatch(client: TestSupport.client(transport)).getMetricData(
            queries: queries, startTime: TestSupport.date, endTime: TestSupport.date.addingTimeInterval(120))
        #expect(results.map(\.id) == ["errors_alias", "throttles_alias"])
        #expect(results[0].values == [2, 1, 4])
        #expect(results[0].timestamps.count == 3)
        #expect(results[0].timestamps.last == TestSupport.date.addingTimeInterval(-60))
        #expect(results[0].statusCode == "Complete")
        #expect(results[1].values.isEmpty)
        let requests = transport.requests
        #expect(requests.count == 2)
        #expect(requests[0].formParameters["NextToken"] == nil)
        #expect(requests[1].formParameters["NextToken"] == "page+2/=")
        #expect(requests[1].formParameters["MetricDataQueries.member.2.Id"] == "throttles_alias")
    }

    @Test("PutMetricData sends each datum's name, dimensions, value, unit and timestamp")
    func put() async throws {
        let transport = FakeTransport([
            .respond(HTTPResponse(status: 200, headers: [], body: Array("<PutMetricDataResponse/>".utf8)))
        ])
        try await CloudWatch(client: TestSupport.client(transport)).putMetricData(
            namespace: "AWS/Lambda",
            data: [
                CloudWatchDatum(
                    metricName: "Errors", dimensions: Self.metric.dimensions, value: 3, unit: "Count",
                    timestamp: TestSupport.date),
                CloudWatchDatum(metricName: "Throttles", dimensions: [], value: 0.5),
            ])
        let form = try #require(transport.requests.first).formParameters
        #expect(form["Action"] == "PutMetricData")
        #expect(form["Namespace"] == "AWS/Lambda")
        #expect(form["MetricData.member.1.Value"] == "3")
        #expect(form["MetricData.member.1.Dimensions.member.2.Value"] == "fn:live")
        #expect(form["MetricData.member.1.Timestamp"] == "2026-11-26T15:00:00Z")
        #expect(form["MetricData.member.2.Value"] == "0.5")
        #expect(form["MetricData.member.2.Unit"] == nil)
    }

    @Test("a query-protocol error names its code")
    func error() async throws {
        let transport = FakeTransport([.respond(try .fixture(400, "errors/query-access-denied.xml"))])
        let error = try await #require(throws: AWSError.self) {
            _ = try await CloudWatch(client: TestSupport.client(transport)).getMetricData(
                queries: [], startTime: TestSupport.date, endTime: TestSupport.date.addingTimeInterval(60))
        }
        #expect(error.service == "cloudwatch")
        #expect(error.operation == "GetMetricData")
        #expect(error.code == "AccessDenied")
    }
}
