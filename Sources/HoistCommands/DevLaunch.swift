import Foundation
import HoistCore
import HoistDev
import HoistPackaging

/// How `hoist dev` and `hoist invoke --local` start one of the stage's functions on this machine: the executable
/// (built, given with `--bootstrap`, or python3 under awslambdaric) and the environment deploy would give it.
///
/// Why shared: a function run locally must get the same process in both commands; only what each does with it
/// (serve requests, or one event) differs.
struct DevLaunch {
    /// The process to start (its `AWS_LAMBDA_RUNTIME_API` is added per process).
    var launch: LaunchSpec
    /// For a python3.x config without `--bootstrap`: the awslambdaric launch (`--watch` restarts with it).
    var python: PythonLocalLaunch?
    /// The function as deploy creates it: its timeout, memory, handler, environment.
    var function: FunctionDriver.Spec

    /// The launch of the function named `functionName` (its Lambda name): python3.x runs `python3 -m awslambdaric
    /// <handler>` in the code folder (requirements installed first); provided.* runs `bootstrap` (relative to
    /// hoist.yml) or what ``DevBuilder`` builds (debug, or release with `release`).
    static func make(
        config: HoistConfig, functionName: String, aws: AWSContext, identity: DevIdentity, bootstrap: String?,
        release: Bool, endpoint: String?
    ) throws -> DevLaunch {
        guard
            let (function, variables) = DevEnvironment.function(
                functionName, config: config, region: aws.region, account: identity.account,
                secretArns: identity.secretArns)
        else {
            throw CommandError(code: "UnknownFunction", message: "this stage deploys no function \(functionName)")
        }
        let python = bootstrap == nil ? try ArtifactPipeline.pythonLaunch(config) : nil
        let executable =
            try python?.executable ?? bootstrap.map { config.resolvePath($0) }
            ?? DevBuilder(config: config, release: release).build()
        let taskRoot = python?.workingDirectory ?? (executable as NSString).deletingLastPathComponent
        let environment = DevEnvironment.processVariables(
            function: variables, functionName: functionName, memory: function.memory, handler: function.handler,
            region: aws.region, credentials: identity.credentials, endpointURL: endpoint, taskRoot: taskRoot,
            path: ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin")
        let launch = LaunchSpec(
            executable: executable, arguments: python?.arguments ?? [],
            environment: environment.merging(python?.environment ?? [:]) { _, new in new }, workingDirectory: taskRoot)
        return DevLaunch(launch: launch, python: python, function: function)
    }
}
