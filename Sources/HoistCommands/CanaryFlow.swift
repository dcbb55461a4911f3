import ArgumentParser
import Foundation
import HoistAWS
import HoistCore

/// The canary half of `hoist deploy --canary`: after apply gave the new versions their share, each is watched for
/// the window, then promoted or rolled back (CanaryWatcher); Ctrl-C rolls back.
extension DeployFlow {
    /// The canary a deploy runs: the flags' or hoist.yml's (``CanaryFlags/spec(_:)``), none with `--no-canary`.
    static func canary(_ flags: CanaryFlags, noCanary: Bool, config: HoistConfig) -> CanarySpec? {
        noCanary ? nil : flags.spec(config.deploy)
    }

    /// Watches every canary apply started, one after the other; exit 1 when one was rolled back.
    static func watch(_ launch: CanaryLaunch, client: AWSClient) async throws {
        let interactive = isatty(1) == 1
        var rolledBack = false
        for release in launch.all {
            let watcher = CanaryWatcher(
                release: release, spec: launch.spec,
                metrics: CloudWatchCanaryMetrics(cloudWatch: CloudWatch(client: client)),
                router: LambdaAliasRouter(lambda: Lambda(client: client))
            ) { progress in
                // One line redrawn on a terminal; a plain line per check in CI, flushed so that a log (or a
                // pipe) shows the window as it goes, not when the deploy ends.
                if interactive {
                    print("\r\u{1B}[2K\(progress.line)", terminator: "")
                } else {
                    print(progress.line)
                }
                fflush(nil)
            }
            let outcome = try await watcher.run()
            if interactive { print("") }
            let message = outcome.message(for: release, threshold: launch.spec.threshold)
            if case .rolledBack = outcome {
                CommandRunner.printError(message)
                rolledBack = true
            } else {
                print(message)
            }
        }
        if rolledBack { throw ExitCode(1) }
    }
}
