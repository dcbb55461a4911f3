import ArgumentParser
import HoistCore

/// `--canary PERCENT%:WINDOW`, shared by `hoist deploy` and `hoist apply`.
struct CanaryFlags: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "Give the new version a share of the alias's traffic and watch it first (e.g. 10%:5m); any error or "
                + "throttle rolls back.", valueName: "PERCENT%:WINDOW"),
        transform: { text in
            guard let canary = CanarySpec(text) else { throw ValidationError("--canary: \(CanarySpec.formatHint)") }
            return canary
        })
    var canary: CanarySpec?

    @Option(
        name: .long,
        help: "The errors plus throttles the new version may have in the window before it is rolled back (default 0).")
    var canaryThreshold: Int?

    /// The canary to run: `--canary`, else `deploy`'s (hoist.yml's `deploy.canary`); its threshold from
    /// `--canary-threshold`, else `deploy.canary_threshold`. Nil releases at once.
    func spec(_ deploy: DeployConfig = DeployConfig()) -> CanarySpec? {
        guard var spec = canary ?? deploy.canary else { return nil }
        spec.threshold = canaryThreshold ?? deploy.canaryThreshold
        return spec
    }

    /// Refuses a threshold out of range, or one without a canary when nothing else sets one.
    func validate() throws {
        if let canaryThreshold, !CanarySpec.thresholdRange.contains(canaryThreshold) {
            throw ValidationError(
                "--canary-threshold: \(CanarySpec.thresholdRange.lowerBound)–\(CanarySpec.thresholdRange.upperBound)")
        }
    }
}
