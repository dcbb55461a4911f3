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
}
