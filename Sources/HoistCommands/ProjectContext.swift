import Foundation
import HoistAWS
import HoistCore
import HoistCurl

/// A command's project: the validated config of one stage, then the AWS side (region, account).
struct ProjectContext {
    let config: HoistConfig
    let aws: AWSContext
    let account: String
    /// The phases' times and request counts, printed with `--verbose`.
    let phases: PhaseClock

    /// Loads and validates hoist.yml first, so a bad file fails before any AWS call.
    static func load(_ global: GlobalOptions) async throws -> ProjectContext {
        let counter = RequestCounter(CurlTransport())
        let phases = PhaseClock(counter: counter)
        let config = try await phases.measure("config") { try loadConfig(global) }
        let aws = try AWSContext(options: global, transport: counter, defaultRegion: config.region)
        let identity = try await phases.measure("identity") { try await STS(client: aws.client).getCallerIdentity() }
        return ProjectContext(config: config, aws: aws, account: identity.account, phases: phases)
    }

    /// The config file of `--config`, else ./hoist.yml, resolved for `--stage`.
    static func loadConfig(_ global: GlobalOptions) throws -> HoistConfig {
        let path = global.config ?? "hoist.yml"
        guard FileManager.default.fileExists(atPath: path) else {
            throw CommandError(
                code: "NoConfig",
                message: "\(path) not found: pass --config PATH, or run `hoist init` to write one")
        }
        return try HoistConfig.load(path: path).resolved(stage: global.stage)
    }
}
