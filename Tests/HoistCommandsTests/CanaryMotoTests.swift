import Foundation
import HoistAWS
import HoistCore
import HoistTestSupport
import Testing

/// The canary machinery against moto with SigV4 enforced, through scripts/awsproxy.py recording every request for
/// scripts/validate_requests.py: CloudWatch reads what was put, the alias calls, and whole canaries with the real
/// router, metrics reader and clock over short windows.
@Suite("Canary against moto (auth enforced)", .enabled(if: HoistBinary.motoShouldRun, MotoTestBed.skipNote))
struct CanaryMotoTests {
    @Test("GetMetricData reads back PutMetricData datapoints by their whole dimension set")
    func metricsReadBack() async throws {
        let bed = try CanaryMotoBed()
        let release = CanaryRelease(
            functionName: MotoTestBed.unique("metrics"), alias: "live", oldVersion: "1", newVersion: "2")
        let function = CloudWatchDimension("FunctionName", release.functionName)
        let now = Date()
        try await bed.putThroughAlias(.errors, 2, release: release)
        try await bed.putThroughAlias(.errors, 5, release: release, version: "1")  // the old version's
        try await bed.cloudWatch.putMetricData(
            namespace: "AWS/Lambda",
            data: [
                // A direct invocation of the new version.
                CloudWatchDatum(
                    metricName: "Throttles",
                    dimensions: [function, CloudWatchDimension("Resource", "\(release.functionName):2")], value: 1,
                    unit: "Count", timestamp: now),
                // The function-wide series (both versions): not the new version's alone, so not read.
                CloudWatchDatum(metricName: "Errors", dimensions: [function], value: 7, unit: "Count", timestamp: now),
            ])
        let counts = try await CloudWatchCanaryMetrics(cloudWatch: bed.cloudWatch).counts(
            for: release, since: now, now: Date())
        #expect(counts == CanaryCounts(errors: 2, throttles: 1))

        // The function-wide series is there, matched by its one dimension only.
        let (start, end) = CloudWatchCanaryMetrics.window(since: now, now: Date())
        let wide = try await bed.cloudWatch.getMetricData(
            queries: [
                CloudWatchMetricQuery(
                    id: "wide",
                    metric: CloudWatchMetric(namespace: "AWS/Lambda", metricName: "Errors", dimensions: [function]),
                    period: 60, stat: "Sum")
            ], startTime: start, endTime: end)
        #expect(wide.first?.values.reduce(0, +) == 7)
        try bed.expectValidTraffic(["cloudwatch:GetMetricData", "cloudwatch:PutMetricData"])
    }

    @Test("alias routing calls: weights set and removed, versions listed, a version deleted by qualifier")
    func aliasCalls() async throws {
        let bed = try CanaryMotoBed()
        let release = try await bed.functionWithTwoVersions("alias")
        let name = release.functionName
        let lambda = bed.lambda
        let weighted = try await lambda.updateAlias(
            functionName: name, name: "live", functionVersion: "1",
            routingConfig: AliasRoutingConfiguration(additionalVersionWeights: ["2": 0.1]), revisionId: nil)
        #expect(weighted.weights == ["2": 0.1])
        var alias = try await lambda.getAlias(functionName: name, name: "live")
        #expect(alias.functionVersion == "1")
        #expect(alias.weights == ["2": 0.1])
        _ = try await lambda.updateAlias(
            functionName: name, name: "live", functionVersion: nil, routingConfig: .noWeights,
            revisionId: alias.revisionId)
        alias = try await lambda.getAlias(functionName: name, name: "live")
        #expect(alias.functionVersion == "1")
        #expect(alias.weights.isEmpty)

        _ = try await lambda.createAlias(
            functionName: name, name: "next", functionVersion: "2", description: "the second",
            routingConfig: AliasRoutingConfiguration(additionalVersionWeights: ["1": 0.5]))
        let aliases = try await lambda.listAliases(functionName: name)
        #expect(Set(aliases.compactMap(\.name)) == ["live", "next"])
        #expect(aliases.first { $0.name == "next" }?.description == "the second")
        #expect(aliases.first { $0.name == "next" }?.weights == ["1": 0.5])
        try await lambda.deleteAlias(functionName: name, name: "next")
        #expect(try await lambda.listAliases(functionName: name).compactMap(\.name) == ["live"])

        #expect(
            try await lambda.listVersionsByFunction(functionName: name).compactMap(\.version) == ["$LATEST", "1", "2"])
        #expect(try await lambda.getFunctionConfiguration(name: name, qualifier: "1").description == "first")
        // Publishing unchanged code gives the last version again (moto as AWS): change it first.
        _ = try await lambda.updateFunctionCode(name: name, code: .zip(try TestZip.bootstrap("#!/bin/sh\necho 3\n")))
        let latest = try await lambda.waitUntilUpdated(name: name, interval: 0.05, maxAttempts: 50)
        // moto keeps no RevisionId on functions and ignores the one PublishVersion sends (AWS refuses a stale one
        // with 412): the call's shape is what is proven here, by the validator below.
        let third = try await lambda.publishVersion(
            functionName: name, codeSha256: latest.codeSha256, description: "third",
            revisionId: latest.revisionId ?? "00000000-0000-0000-0000-000000000000")
        #expect(third.version == "3")
        try await lambda.deleteFunction(name: name, qualifier: "3")
        #expect(
            try await lambda.listVersionsByFunction(functionName: name).compactMap(\.version) == ["$LATEST", "1", "2"])
        try bed.expectValidTraffic([
            "lambda:UpdateAlias", "lambda:GetAlias", "lambda:CreateAlias", "lambda:ListAliases", "lambda:DeleteAlias",
            "lambda:ListVersionsByFunction", "lambda:GetFunctionConfiguration", "lambda:PublishVersion",
            "lambda:DeleteFunction",
        ])
    }

    @Test("a clean 3 s canary: 10% on version 2 during the window, then the alias on version 2 with no weights")
    func cleanCanary() async throws {
        let bed = try CanaryMotoBed()
        let release = try await bed.functionWithTwoVersions()
        let router = ObservingAliasRouter(LambdaAliasRouter(lambda: bed.lambda))
        let reports = ProgressLines()
        let spec = try #require(CanarySpec("10%:3s"))
        let outcome = try await CanaryWatcher(
            release: release, spec: spec, metrics: CloudWatchCanaryMetrics(cloudWatch: bed.cloudWatch),
            router: router, progress: { reports.append($0) }
        ).run()
        #expect(outcome == .promoted)
        #expect(
            router.seen == [
                .init(move: "start", version: "1", weights: ["2": 0.1]),
                .init(move: "promote", version: "2", weights: [:]),
            ])
        let alias = try await bed.lambda.getAlias(functionName: release.functionName, name: "live")
        #expect(alias.functionVersion == "2")
        #expect(alias.weights.isEmpty)
        #expect(reports.all.count >= 2, "a line at the start and after each poll")
        #expect(reports.all.last?.counts == CanaryCounts())
        try bed.expectValidTraffic(["lambda:GetAlias", "lambda:UpdateAlias", "cloudwatch:GetMetricData"])
    }

    @Test("errors put for version 2 during the window: rolled back at once, naming Errors, the alias on version 1")
    func failingCanary() async throws {
        let bed = try CanaryMotoBed()
        let release = try await bed.functionWithTwoVersions()
        let router = ObservingAliasRouter(LambdaAliasRouter(lambda: bed.lambda))
        let (started, signal) = AsyncStream.makeStream(of: Void.self)
        // A window far longer than the put below can take on a loaded machine (a 6 s one was promoted once when
        // the put came late): the first poll (10 s in) sees the errors and rolls back, so the test takes no longer.
        let watcher = CanaryWatcher(
            release: release, spec: try #require(CanarySpec("10%:60s")),
            metrics: CloudWatchCanaryMetrics(cloudWatch: bed.cloudWatch), router: router,
            progress: { if $0.elapsedSeconds == 0 { signal.yield() } })
        let run = Task { try await watcher.run() }
        var iterator = started.makeAsyncIterator()
        _ = await iterator.next()
        // What Lambda would publish for two failed invocations of version 2 through the alias.
        try await bed.putThroughAlias(.errors, 2, release: release)
        let outcome = try await run.value
        guard case .rolledBack(let metric, let value, _) = outcome else {
            Issue.record("expected a rollback, got \(outcome)")
            return
        }
        #expect(metric == .errors)
        #expect(value == 2)
        #expect(outcome.message(for: release, threshold: 0).contains("Errors 2"))
        #expect(router.seen.map(\.move) == ["start", "rollBack"])
        let alias = try await bed.lambda.getAlias(functionName: release.functionName, name: "live")
        #expect(alias.functionVersion == "1")
        #expect(alias.weights.isEmpty)
        try bed.expectValidTraffic(["cloudwatch:PutMetricData", "cloudwatch:GetMetricData", "lambda:UpdateAlias"])
    }

    @Test("cancelled mid-window: rolled back before the cancellation returns")
    func cancelledAndInterrupted() async throws {
        let bed = try CanaryMotoBed()
        let release = try await bed.functionWithTwoVersions()
        let router = LambdaAliasRouter(lambda: bed.lambda)
        let (started, signal) = AsyncStream.makeStream(of: Void.self)
        let watcher = CanaryWatcher(
            release: release, spec: try #require(CanarySpec("10%:1m")),
            metrics: CloudWatchCanaryMetrics(cloudWatch: bed.cloudWatch), router: router,
            progress: { _ in signal.yield() })
        let run = Task { try await watcher.run() }
        var iterator = started.makeAsyncIterator()
        _ = await iterator.next()
        run.cancel()
        await #expect(throws: CancellationError.self) { _ = try await run.value }
        let alias = try await bed.lambda.getAlias(functionName: release.functionName, name: "live")
        #expect(alias.functionVersion == "1")
        #expect(alias.weights.isEmpty)
        try bed.expectValidTraffic(["lambda:GetAlias", "lambda:UpdateAlias"])
    }
}
