import Foundation

/// One dimension of a CloudWatch metric: a name and a value, e.g. `FunctionName` = `movies-api-dev`.
public struct CloudWatchDimension: Sendable, Equatable, Hashable {
    /// The dimension's name.
    public var name: String
    /// Its value.
    public var value: String

    /// Creates a dimension.
    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}

/// A metric: CloudWatch identifies one by its namespace, its name and its whole set of dimensions (a query
/// with fewer dimensions than the datapoints carry matches nothing).
public struct CloudWatchMetric: Sendable, Equatable {
    /// The namespace, e.g. `AWS/Lambda`.
    public var namespace: String
    /// The metric's name, e.g. `Errors`.
    public var metricName: String
    /// The dimensions, in any order.
    public var dimensions: [CloudWatchDimension]

    /// Creates a metric.
    public init(namespace: String, metricName: String, dimensions: [CloudWatchDimension]) {
        self.namespace = namespace
        self.metricName = metricName
        self.dimensions = dimensions
    }
}

/// One query of a GetMetricData call: a metric, the period its datapoints are aggregated over, and the statistic.
public struct CloudWatchMetricQuery: Sendable, Equatable {
    /// The query's id, unique in the call: a lowercase letter, then letters, digits and underscores.
    public var id: String
    /// The metric.
    public var metric: CloudWatchMetric
    /// The aggregation period in seconds (60 or a multiple of it for standard-resolution metrics).
    public var period: Int
    /// The statistic, e.g. `Sum`.
    public var stat: String

    /// Creates a query.
    public init(id: String, metric: CloudWatchMetric, period: Int, stat: String) {
        self.id = id
        self.metric = metric
        self.period = period
        self.stat = stat
    }
}

/// A query's answer: one value per period that had data, all pages merged.
public struct CloudWatchMetricResult: Sendable, Equatable {
    /// The query's id.
    public var id: String
    /// The label CloudWatch gave it.
    public var label: String?
    /// The periods' start times, as CloudWatch returned them.
    public var timestamps: [Date]
    /// The values, one per timestamp.
    public var values: [Double]
    /// `Complete`, `PartialData`, `InternalError` or `Forbidden` (of the last page).
    public var statusCode: String?

    /// Creates a result.
    public init(
        id: String, label: String? = nil, timestamps: [Date] = [], values: [Double] = [], statusCode: String? = nil
    ) {
        self.id = id
        self.label = label
        self.timestamps = timestamps
        self.values = values
        self.statusCode = statusCode
    }
}

/// One datapoint for PutMetricData.
public struct CloudWatchDatum: Sendable, Equatable {
    /// The metric's name.
    public var metricName: String
    /// Its dimensions.
    public var dimensions: [CloudWatchDimension]
    /// The value.
    public var value: Double
    /// The unit, e.g. `Count`.
    public var unit: String?
    /// When it happened; nil lets CloudWatch stamp it on receipt.
    public var timestamp: Date?

    /// Creates a datapoint.
    public init(
        metricName: String, dimensions: [CloudWatchDimension], value: Double, unit: String? = nil,
        timestamp: Date? = nil
    ) {
        self.metricName = metricName
        self.dimensions = dimensions
        self.value = value
        self.unit = unit
        self.timestamp = timestamp
    }
}

/// Amazon CloudWatch metrics: what a canary release reads (GetMetricData) and what tests put (PutMetricData).
///
/// Query protocol (form POST, XML answer), as IAM and STS: botocore's model lists `smithy-rpc-v2-cbor`, `json`
/// and `query`, and hoist has no CBOR codec; query is also what moto serves.
public struct CloudWatch: Sendable {
    /// The client calls go through.
    public let client: AWSClient

    /// Creates the service on a client.
    public init(client: AWSClient) { self.client = client }

    /// GetMetricData over `[startTime, endTime)`: every page (NextToken) read, each query's datapoints merged.
    ///
    /// The results come in the order of `queries`; a query CloudWatch returned nothing for has no datapoints.
    public func getMetricData(
        queries: [CloudWatchMetricQuery], startTime: Date, endTime: Date, maxDatapoints: Int? = nil
    ) async throws -> [CloudWatchMetricResult] {
        var merged: [String: CloudWatchMetricResult] = [:]
        for query in queries { merged[query.id] = CloudWatchMetricResult(id: query.id) }
        var nextToken: String?
        repeat {
            var parameters = [("StartTime", Self.timestamp(startTime)), ("EndTime", Self.timestamp(endTime))]
            parameters += Self.queryParameters(queries)
            if let maxDatapoints { parameters.append(("MaxDatapoints", String(maxDatapoints))) }
            if let nextToken { parameters.append(("NextToken", nextToken)) }
            let result = try await client.query(.cloudWatch, "GetMetricData", parameters)
            for member in result.child("MetricDataResults")?.children("member") ?? [] {
                let page = Self.result(member)
                var whole = merged[page.id] ?? CloudWatchMetricResult(id: page.id)
                whole.label = page.label ?? whole.label
                whole.timestamps += page.timestamps
                whole.values += page.values
                whole.statusCode = page.statusCode
                merged[page.id] = whole
            }
            nextToken = result.path("NextToken").flatMap { $0.isEmpty ? nil : $0 }
        } while nextToken != nil
        let known = Set(queries.map(\.id))
        return queries.compactMap { merged[$0.id] } + merged.values.filter { !known.contains($0.id) }
    }

    /// PutMetricData: datapoints into a namespace (AWS refuses namespaces starting with `AWS/`, which only
    /// AWS's services publish; moto takes them, which is how tests stand in for Lambda).
    public func putMetricData(namespace: String, data: [CloudWatchDatum]) async throws {
        var parameters = [("Namespace", namespace)]
        for (index, datum) in data.enumerated() {
            let prefix = "MetricData.member.\(index + 1)"
            parameters.append(("\(prefix).MetricName", datum.metricName))
            parameters += Self.dimensionParameters(datum.dimensions, prefix: prefix)
            parameters.append(("\(prefix).Value", Self.number(datum.value)))
            if let unit = datum.unit { parameters.append(("\(prefix).Unit", unit)) }
            if let timestamp = datum.timestamp { parameters.append(("\(prefix).Timestamp", Self.timestamp(timestamp))) }
        }
        _ = try await client.query(.cloudWatch, "PutMetricData", parameters)
    }

    static func queryParameters(_ queries: [CloudWatchMetricQuery]) -> [(String, String)] {
        queries.enumerated().flatMap { index, query -> [(String, String)] in
            let prefix = "MetricDataQueries.member.\(index + 1)"
            let stat = "\(prefix).MetricStat"
            return [
                ("\(prefix).Id", query.id), ("\(stat).Metric.Namespace", query.metric.namespace),
                ("\(stat).Metric.MetricName", query.metric.metricName),
            ]
                + dimensionParameters(query.metric.dimensions, prefix: "\(stat).Metric")
                + [("\(stat).Period", String(query.period)), ("\(stat).Stat", query.stat)]
        }
    }

    static func dimensionParameters(_ dimensions: [CloudWatchDimension], prefix: String) -> [(String, String)] {
        dimensions.enumerated().flatMap { index, dimension in
            [
                ("\(prefix).Dimensions.member.\(index + 1).Name", dimension.name),
                ("\(prefix).Dimensions.member.\(index + 1).Value", dimension.value),
            ]
        }
    }

    static func result(_ node: AWSXMLNode) -> CloudWatchMetricResult {
        CloudWatchMetricResult(
            id: node.path("Id") ?? "", label: node.path("Label"),
            timestamps: node.child("Timestamps")?.children("member").compactMap { CredentialTimestamp.parse($0.text) }
                ?? [],
            values: node.child("Values")?.children("member").compactMap { Double($0.text) } ?? [],
            statusCode: node.path("StatusCode"))
    }

    /// `2026-11-26T15:00:00Z`: ISO 8601 in UTC, whole seconds (the query protocol's timestamp form).
    static func timestamp(_ date: Date) -> String {
        let parts = UTCDateTime(date)
        let day =
            "\(UTCDateTime.padded(parts.year, 4))-\(UTCDateTime.padded(parts.month))-\(UTCDateTime.padded(parts.day))"
        return "\(day)T\(UTCDateTime.padded(parts.hour)):\(UTCDateTime.padded(parts.minute)):"
            + "\(UTCDateTime.padded(parts.second))Z"
    }

    /// A double as CloudWatch reads it: `2` rather than `2.0` for whole numbers.
    static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }
}
