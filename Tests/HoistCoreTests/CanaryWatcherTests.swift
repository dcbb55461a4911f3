import Foundation
import HoistAWS
import Testing

@testable import HoistCore

/// The canary watcher with a manual clock, scripted counts and a recording router: when it polls, what ends the
/// window, and that every way out but a clean window leaves the alias on the old version.
@Suite("Canary watcher")
struct CanaryWatcherTests {
    static let release = CanaryRelease(functionName: "movies-api-dev", alias: "live", oldVersion: "3", newVersion: "4")

    /// A watcher over the fakes, with its progress reports collected.
    static func watcher(
        _ spec: CanarySpec, clock: ManualCanaryClock, metrics: ScriptedCanaryMetrics, router: FakeAliasRouter,
        reports: ProgressLog = ProgressLog()
    ) -> CanaryWatcher {
        CanaryWatcher(
            release: release, spec: spec, metrics: metrics, router: router, clock: clock,
            progress: { reports.append($0) })
    }

    @Test("a clean window promotes: weights on, a poll every sixth of the window, then the alias on the new version")
    func cleanWindow() async throws {
        let clock = ManualCanaryClock()
        let metrics = ScriptedCanaryMetrics { _ in CanaryCounts() }
        let router = FakeAliasRouter()
        let reports = ProgressLog()
        let start = clock.now()
        let outcome = try await Self.watcher(
            try #require(CanarySpec("10%:1m")), clock: clock, metrics: metrics, router: router, reports: reports
        ).run()
        #expect(outcome == .promoted)
        #expect(router.calls == [.start(weight: 0.1), .promote])
        #expect(clock.sleeps == Array(repeating: 10, count: 6))
        #expect(metrics.reads.map(\.since) == Array(repeating: start, count: 6))
        #expect(metrics.reads.map { $0.now.timeIntervalSince(start) } == [10, 20, 30, 40, 50, 60])
        #expect(reports.all.map(\.elapsedSeconds) == [0, 10, 20, 30, 40, 50, 60])
        #expect(reports.all.last?.line == "canary movies-api-dev:live 3 → 4 (10%): 1m of 1m, 0 errors, 0 throttles")
        #expect(outcome.message(for: Self.release, threshold: 0).contains("live is on version 4"))
    }

    @Test("an error mid-window rolls back at that poll, names Errors and the count, and polls no more")
    func errorMidWindow() async throws {
        let clock = ManualCanaryClock()
        let metrics = ScriptedCanaryMetrics { elapsed in CanaryCounts(errors: elapsed >= 120 ? 2 : 0) }
        let router = FakeAliasRouter()
        let start = clock.now()
        let spec = try #require(CanarySpec("25%:5m"))
        let outcome = try await Self.watcher(spec, clock: clock, metrics: metrics, router: router).run()
        #expect(outcome == .rolledBack(metric: .errors, value: 2, at: start.addingTimeInterval(150)))
        #expect(router.calls == [.start(weight: 0.25), .rollBack])
        #expect(metrics.reads.count == 3, "polls at 50, 100 and 150 s; none after the rollback")
        let message = outcome.message(for: Self.release, threshold: 0)
        #expect(message.contains("Errors 2 (threshold 0)"), "\(message)")
        #expect(message.contains("live stays on version 3"), "\(message)")
    }

    @Test("throttles over the threshold roll back naming Throttles")
    func throttles() async throws {
        let clock = ManualCanaryClock()
        let metrics = ScriptedCanaryMetrics { _ in CanaryCounts(errors: 1, throttles: 3) }
        let router = FakeAliasRouter()
        let outcome = try await Self.watcher(
            try #require(CanarySpec("10%:30s")), clock: clock, metrics: metrics, router: router
        ).run()
        guard case .rolledBack(let metric, let value, _) = outcome else {
            Issue.record("expected a rollback, got \(outcome)")
            return
        }
        #expect(metric == .throttles)
        #expect(value == 3)
        #expect(router.calls == [.start(weight: 0.1), .rollBack])
    }

    @Test("the threshold counts errors plus throttles: at it the canary goes on, over it it rolls back")
    func threshold() async throws {
        var spec = try #require(CanarySpec("10%:1m"))
        spec.threshold = 3
        let atThreshold = FakeAliasRouter()
        let outcome = try await Self.watcher(
            spec, clock: ManualCanaryClock(),
            metrics: ScriptedCanaryMetrics { _ in CanaryCounts(errors: 2, throttles: 1) },
            router: atThreshold
        ).run()
        #expect(outcome == .promoted)
        #expect(atThreshold.calls == [.start(weight: 0.1), .promote])

        let overThreshold = FakeAliasRouter()
        let clock = ManualCanaryClock()
        let over = try await Self.watcher(
            spec, clock: clock,
            metrics: ScriptedCanaryMetrics { elapsed in CanaryCounts(errors: 2, throttles: elapsed >= 40 ? 2 : 1) },
            router: overThreshold
        ).run()
        #expect(over == .rolledBack(metric: .errors, value: 2, at: clock.now()))
        #expect(clock.sleeps.count == 4)
        #expect(overThreshold.calls == [.start(weight: 0.1), .rollBack])
    }

    @Test("Ctrl-C mid-window rolls back before the cancellation is thrown, in a task the cancellation does not reach")
    func cancellation() async throws {
        let clock = ManualCanaryClock(holdAtSleep: 3)
        let metrics = ScriptedCanaryMetrics { _ in CanaryCounts() }
        let router = FakeAliasRouter()
        let watcher = Self.watcher(try #require(CanarySpec("10%:5m")), clock: clock, metrics: metrics, router: router)
        let task = Task { try await watcher.run() }
        var held = clock.held.makeAsyncIterator()
        _ = await held.next()
        task.cancel()
        await #expect(throws: CancellationError.self) { _ = try await task.value }
        // FakeAliasRouter refuses a move made from a cancelled task: the rollback ran in a task of its own.
        #expect(router.calls == [.start(weight: 0.1), .rollBack])
        #expect(metrics.reads.count == 2)
    }

    @Test("a metrics read that fails rolls back and surfaces the error")
    func metricsFailure() async throws {
        let failure = AWSError(
            service: "cloudwatch", operation: "GetMetricData", status: 503, code: "ServiceUnavailable", message: "",
            attempts: 3)
        let metrics = ScriptedCanaryMetrics { elapsed in
            if elapsed >= 20 { throw failure }
            return CanaryCounts()
        }
        let router = FakeAliasRouter()
        let error = try await #require(throws: CanaryError.self) {
            _ = try await Self.watcher(
                try #require(CanarySpec("10%:1m")), clock: ManualCanaryClock(), metrics: metrics, router: router
            ).run()
        }
        #expect(error.code == .metricsUnavailable)
        #expect((error.underlying as? AWSError)?.code == "ServiceUnavailable")
        #expect(error.message.contains("live stays on version 3"))
        #expect(router.calls == [.start(weight: 0.1), .rollBack])
    }

    @Test("a rollback that fails says weights may be left and how to resume")
    func rollbackFailure() async throws {
        let router = FakeAliasRouter(failRollBack: true)
        let error = try await #require(throws: CanaryError.self) {
            _ = try await Self.watcher(
                try #require(CanarySpec("10%:1m")), clock: ManualCanaryClock(),
                metrics: ScriptedCanaryMetrics { _ in CanaryCounts(errors: 1) }, router: router
            ).run()
        }
        #expect(error.code == .rollbackFailed)
        #expect(error.underlying is FakeAliasRouter.Unreachable)
        #expect(error.hint?.contains("hoist deploy") == true)
    }

    @Test("weights that could not be set are rolled back (the answer may be lost after Lambda acted)")
    func startFailure() async throws {
        let lost = AWSError(
            service: "lambda", operation: "UpdateAlias", status: 0, code: "TransportError.timeout", message: "")
        let router = FakeAliasRouter(failStart: lost)
        let metrics = ScriptedCanaryMetrics { _ in CanaryCounts() }
        let error = try await #require(throws: CanaryError.self) {
            _ = try await Self.watcher(
                try #require(CanarySpec("10%:1m")), clock: ManualCanaryClock(), metrics: metrics, router: router
            ).run()
        }
        #expect(error.code == .startFailed)
        #expect(router.calls == [.rollBack])
        #expect(metrics.reads.isEmpty)
    }

    @Test("an alias found elsewhere at the start is left alone: nothing was written, nothing is undone")
    func aliasMovedBeforeStart() async throws {
        let moved = CanaryError(code: .aliasChanged, release: Self.release, message: "live is on version 5")
        let router = FakeAliasRouter(failStart: moved)
        let error = try await #require(throws: CanaryError.self) {
            _ = try await Self.watcher(
                try #require(CanarySpec("10%:1m")), clock: ManualCanaryClock(),
                metrics: ScriptedCanaryMetrics { _ in CanaryCounts() }, router: router
            ).run()
        }
        #expect(error.code == .aliasChanged)
        #expect(router.calls.isEmpty)
    }

    @Test("the poll interval is a sixth of the window, clamped to 1…60 s")
    func pollInterval() {
        #expect(CanaryWatcher.pollInterval(windowSeconds: 3) == 1)
        #expect(CanaryWatcher.pollInterval(windowSeconds: 60) == 10)
        #expect(CanaryWatcher.pollInterval(windowSeconds: 300) == 50)
        #expect(CanaryWatcher.pollInterval(windowSeconds: 3600) == 60)
    }
}
