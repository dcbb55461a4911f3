import Foundation

/// Runs one canary release: gives the new version its share of the alias's traffic, watches its errors and throttles
/// for the window, then promotes it or rolls it back.
///
/// It never leaves weights behind on its own account: failures over the threshold, a metrics read that fails,
/// weights that could not be set and cancellation (Ctrl-C) during the window all roll back before it returns or
/// throws. The rollback runs in a task of its own, so the cancellation that stops the window does not stop the
/// call that removes the weights (as ``ArtifactUploader`` aborts a multipart upload). Only a failed rollback or a
/// failed promote can leave them, and then the error says so: the next plan shows the weights on the alias and the
/// next deploy finishes the release (``AliasDriver``).
public struct CanaryWatcher: Sendable {
    /// The release watched.
    public var release: CanaryRelease
    /// The share, the window and the threshold.
    public var spec: CanarySpec
    /// Where the counts come from.
    public var metrics: any CanaryMetrics
    /// What moves the alias.
    public var router: any AliasRouter
    /// The time and the waits.
    public var clock: any CanaryClock
    /// Receives where the canary stands: once when it starts, then after every poll.
    public var progress: @Sendable (CanaryProgress) -> Void

    /// Creates a watcher.
    public init(
        release: CanaryRelease, spec: CanarySpec, metrics: any CanaryMetrics, router: any AliasRouter,
        clock: any CanaryClock = SystemCanaryClock(), progress: @escaping @Sendable (CanaryProgress) -> Void = { _ in }
    ) {
        self.release = release
        self.spec = spec
        self.metrics = metrics
        self.router = router
        self.clock = clock
        self.progress = progress
    }

    /// Seconds between polls: a sixth of the window, at least 1 s and at most 60 s (CloudWatch's Lambda metrics
    /// have one-minute resolution: polling faster reads the same datapoints again).
    public static func pollInterval(windowSeconds: Int) -> Double {
        min(60, max(1, Double(windowSeconds) / 6))
    }

    /// Runs the canary to its end.
    ///
    /// Returns ``CanaryOutcome/promoted`` after a clean window, ``CanaryOutcome/rolledBack(metric:value:at:)`` the
    /// poll the new version's errors plus throttles exceed the threshold. Throws `CancellationError` when cancelled
    /// during the window (after rolling back), and ``CanaryError`` when the metrics cannot be read (after rolling
    /// back: see ``watch(start:)``), when the weights cannot be set, or when a promote or rollback fails.
    public func run() async throws -> CanaryOutcome {
        let start = clock.now()
        do {
            try await router.startCanary(release, weight: spec.weight)
        } catch let refused as CanaryError where refused.code == .aliasChanged {
            throw refused  // the router found the alias elsewhere and wrote nothing: there is nothing to undo
        } catch {
            // An answer lost after Lambda acted leaves the weights on: take them off before saying why.
            try await rollBackShielded(after: error)
            if Task.isCancelled || error is CancellationError { throw CancellationError() }
            throw CanaryError(
                code: .startFailed, release: release,
                message: "could not give version \(release.newVersion) its \(spec.description) share; "
                    + "\(release.alias) stays on version \(release.oldVersion)", underlying: error)
        }
        report(start: start, now: start, counts: CanaryCounts())
        if let outcome = try await watch(start: start) { return outcome }
        // One call: run it to its end even if Ctrl-C comes now, so the alias is not left half-way.
        let router = self.router
        let release = self.release
        do {
            try await Task { try await router.promote(release) }.value
        } catch {
            throw CanaryError(
                code: .promoteFailed, release: release,
                message: "the window was clean but \(release.alias) could not be moved to version "
                    + "\(release.newVersion); its weights are still on", hint: CanaryError.rerunHint, underlying: error)
        }
        return .promoted
    }

    /// Polls until the window ends (nil: promote) or the threshold is exceeded (rolled back).
    ///
    /// A metrics read that fails (after the client's standard retries) rolls back and throws: without counts the
    /// new version could be failing unseen, so promoting would bet all traffic on it, and keeping the weights would
    /// leave a share of users on a version nobody watches; the old version is the one known to serve, and a
    /// rerun can try the release again.
    func watch(start: Date) async throws -> CanaryOutcome? {
        let deadline = start.addingTimeInterval(Double(spec.windowSeconds))
        let interval = Self.pollInterval(windowSeconds: spec.windowSeconds)
        while true {
            let counts: CanaryCounts
            do {
                let remaining = deadline.timeIntervalSince(clock.now())
                if remaining > 0 { try await clock.sleep(seconds: min(interval, remaining)) }
                try Task.checkCancellation()
                counts = try await metrics.counts(for: release, since: start, now: clock.now())
            } catch {
                try await rollBackShielded(after: error)
                // Cancellation may surface as the transport's error: the task's state says what happened.
                if Task.isCancelled || error is CancellationError { throw CancellationError() }
                if let canary = error as? CanaryError { throw canary }
                throw CanaryError(
                    code: .metricsUnavailable, release: release,
                    message: "the new version's metrics could not be read, so the canary was rolled back: "
                        + "\(release.alias) stays on version \(release.oldVersion)",
                    hint: "check cloudwatch:GetMetricData is allowed, then deploy again", underlying: error)
            }
            let now = clock.now()
            report(start: start, now: now, counts: counts)
            if counts.total > spec.threshold {
                try await rollBackShielded(after: nil)
                let (metric, value) = counts.dominant
                return .rolledBack(metric: metric, value: value, at: now)
            }
            if now >= deadline { return nil }
        }
    }

    /// Rolls back in a task of its own (a cancelled caller does not cancel it); throws
    /// ``CanaryError/Code/rollbackFailed`` naming the error that led here, if any.
    func rollBackShielded(after cause: (any Error)?) async throws {
        let router = self.router
        let release = self.release
        do {
            try await Task { try await router.rollBack(release) }.value
        } catch {
            let reason = cause.map { " after \($0)" } ?? ""
            throw CanaryError(
                code: .rollbackFailed, release: release,
                message:
                    "the rollback\(reason) failed: weights may still send \(CanarySpec.percentText(spec.percent))% of "
                    + "\(release.alias) to version \(release.newVersion)", hint: CanaryError.rerunHint,
                underlying: error)
        }
    }

    func report(start: Date, now: Date, counts: CanaryCounts) {
        progress(
            CanaryProgress(
                release: release, percent: spec.percent, elapsedSeconds: max(0, now.timeIntervalSince(start)),
                windowSeconds: spec.windowSeconds, counts: counts, threshold: spec.threshold))
    }
}
