import Foundation
import HoistAWS

/// ``CanaryMetrics`` over CloudWatch GetMetricData: the `AWS/Lambda` `Errors` and `Throttles` of the new version,
/// invoked through the alias and invoked directly, summed per minute.
///
/// Lambda publishes an alias's invocations under `FunctionName`, `Resource` = `function:alias` and
/// `ExecutedVersion` = the version that ran (how a weighted alias's two versions are told apart), and a version's
/// direct invocations under `FunctionName` and `Resource` = `function:version`. CloudWatch matches a query's
/// dimensions as a whole set, so the function-wide `{FunctionName}` series (both versions mixed) is not read.
public struct CloudWatchCanaryMetrics: CanaryMetrics {
    /// The CloudWatch calls.
    public let cloudWatch: CloudWatch

    /// Lambda's namespace.
    public static let namespace = "AWS/Lambda"
    /// One minute: the resolution Lambda publishes at.
    public static let period = 60

    /// Creates the reader on a CloudWatch client.
    public init(cloudWatch: CloudWatch) { self.cloudWatch = cloudWatch }

    /// Sums every query's datapoints over ``window(since:now:)``; a query CloudWatch could not answer in full
    /// (`InternalError`, `Forbidden`) is an error, never a zero.
    public func counts(for release: CanaryRelease, since start: Date, now: Date) async throws -> CanaryCounts {
        let (startTime, endTime) = Self.window(since: start, now: now)
        let results = try await cloudWatch.getMetricData(
            queries: Self.queries(for: release), startTime: startTime, endTime: endTime)
        var counts = CanaryCounts()
        for result in results {
            if let status = result.statusCode, status != "Complete", status != "PartialData" {
                throw AWSError(
                    service: "cloudwatch", operation: "GetMetricData", status: 0, code: "MetricData\(status)",
                    message: "query \(result.id) answered \(status)")
            }
            let sum = Int(result.values.reduce(0, +).rounded())
            if result.id.hasPrefix("errors") { counts.errors += sum } else { counts.throttles += sum }
        }
        return counts
    }

    /// The four queries: Errors and Throttles, through the alias (ExecutedVersion) and direct (Resource). Pure.
    public static func queries(for release: CanaryRelease) -> [CloudWatchMetricQuery] {
        let function = CloudWatchDimension("FunctionName", release.functionName)
        let throughAlias = [
            function, CloudWatchDimension("Resource", "\(release.functionName):\(release.alias)"),
            CloudWatchDimension("ExecutedVersion", release.newVersion),
        ]
        let direct = [function, CloudWatchDimension("Resource", "\(release.functionName):\(release.newVersion)")]
        return CanaryMetric.allCases.flatMap { metric in
            let id = metric == .errors ? "errors" : "throttles"
            return [
                CloudWatchMetricQuery(
                    id: "\(id)_alias",
                    metric: CloudWatchMetric(
                        namespace: namespace, metricName: metric.rawValue, dimensions: throughAlias),
                    period: period, stat: "Sum"),
                CloudWatchMetricQuery(
                    id: "\(id)_version",
                    metric: CloudWatchMetric(namespace: namespace, metricName: metric.rawValue, dimensions: direct),
                    period: period, stat: "Sum"),
            ]
        }
    }

    /// The time range read: from the minute boundary a minute before the start (a datapoint is stamped with the
    /// start of its minute, which can be before the canary began) to a minute after now (the current minute's
    /// datapoint is stamped before now). The new version's number is new, so nothing older is its. Pure.
    public static func window(since start: Date, now: Date) -> (start: Date, end: Date) {
        let minute = (start.timeIntervalSince1970 / 60).rounded(.down) * 60
        let end = (now.timeIntervalSince1970 + 60).rounded(.up)
        return (Date(timeIntervalSince1970: minute - 60), Date(timeIntervalSince1970: end))
    }
}
