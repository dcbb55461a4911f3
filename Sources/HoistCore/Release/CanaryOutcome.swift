import Foundation

/// How a canary ended.
public enum CanaryOutcome: Sendable, Equatable {
    /// The window was clean: the alias is on the new version, no weights.
    case promoted
    /// `metric` reached `value` at `at`, over the threshold: the weights are removed and the alias stays on the
    /// old version.
    case rolledBack(metric: CanaryMetric, value: Int, at: Date)

    /// What to tell the user: `canary movies-api-dev:live 3 → 4: Errors 2 (threshold 0) at 2026-12-02T05:43:06Z,
    /// rolled back: live stays on version 3`.
    public func message(for release: CanaryRelease, threshold: Int) -> String {
        switch self {
        case .promoted:
            return "canary \(release): clean window, \(release.alias) is on version \(release.newVersion)"
        case .rolledBack(let metric, let value, let at):
            return "canary \(release): \(metric.rawValue) \(value) (threshold \(threshold)) at "
                + "\(ISO8601DateFormatter().string(from: at)), rolled back: \(release.alias) stays on version \(release.oldVersion)"
        }
    }
}
