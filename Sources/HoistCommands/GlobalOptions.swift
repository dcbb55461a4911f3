import ArgumentParser

/// Options every hoist command takes.
public struct GlobalOptions: ParsableArguments, Sendable {
    /// The hoist.yml to use.
    @Option(name: .long, help: "Path to hoist.yml (default: ./hoist.yml).")
    public var config: String?

    /// The stage, e.g. dev or prod.
    @Option(name: .long, help: "Stage name (default: the config's default stage).")
    public var stage: String?

    /// The AWS region.
    @Option(name: .long, help: "AWS region (else AWS_REGION, AWS_DEFAULT_REGION, the profile's region).")
    public var region: String?

    /// The shared-config profile.
    @Option(name: .long, help: "Profile of ~/.aws/credentials and ~/.aws/config (else AWS_PROFILE).")
    public var profile: String?

    /// An endpoint that replaces every service's (moto, LocalStack).
    @Option(name: .customLong("endpoint-url"), help: "Send every AWS call to this endpoint (moto, LocalStack).")
    public var endpointURL: String?

    /// More output.
    @Flag(name: .long, help: "Print more detail.")
    public var verbose = false

    /// No ANSI colours.
    @Flag(name: .customLong("no-color"), help: "Plain output without colours.")
    public var noColor = false

    /// Creates default options.
    public init() {}

    /// Records `--verbose` for the build console (``ConsoleSettings``); argument-parser calls it after parsing.
    public func validate() throws {
        if verbose { ConsoleSettings.verbose = true }
    }
}
