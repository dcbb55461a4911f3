/// A Lambda metric a canary watches, named as CloudWatch names it in the `AWS/Lambda` namespace.
public enum CanaryMetric: String, Sendable, Equatable, CaseIterable {
    /// Invocations that ended in a function error.
    case errors = "Errors"
    /// Invocations refused because the function was at its concurrency limit.
    case throttles = "Throttles"
}
