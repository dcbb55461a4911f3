/// The failures of a canary's new version so far: its `Errors` and `Throttles` summed since the canary started.
public struct CanaryCounts: Sendable, Equatable {
    /// Invocations that ended in a function error.
    public var errors: Int
    /// Invocations refused for concurrency.
    public var throttles: Int

    /// Creates counts.
    public init(errors: Int = 0, throttles: Int = 0) {
        self.errors = errors
        self.throttles = throttles
    }

    /// What the threshold is compared with: errors plus throttles.
    public var total: Int { errors + throttles }

    /// The metric that weighs most in the total (errors on a tie), and its count: what a rollback names.
    public var dominant: (metric: CanaryMetric, value: Int) {
        throttles > errors ? (.throttles, throttles) : (.errors, errors)
    }
}
