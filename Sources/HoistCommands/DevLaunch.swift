import Foundation
import HoistCore
import HoistDev
import HoistPackaging

/// How `hoist dev` and `hoist invoke --local` start the stage's functions on this machine: the executable
/// (built, given with `--bootstrap`, or python3 under awslambdaric) and the environment deploy would give it.
///
/// Why shared: a function run locally must get the same process in both commands; only what each does with it
/// (serve requests and queues, or one event) differs.
struct DevLaunch {
    /// The process to start (its `AWS_LAMBDA_RUNTIME_API` is added per process).
    var launch: LaunchSpec
    /// For a python3.x config without `--bootstrap`: the awslambdaric launch (`--watch` restarts with it).
    var python: PythonLocalLaunch?
    /// The function as deploy creates it: its timeout, memory, handler, environment.
    var function: FunctionDriver.Spec

    /// The launch of the function named `functionName` (its Lambda name): python3.x runs `python3 -m awslambdaric
    /// <handler>` in the code folder (requirements installed first); provided.* runs `bootstrap` (relative to
    /// hoist.yml) or what ``DevBuilder`` builds (debug, or release with `release`): `backend.product`, or the
    /// function's own product or handler when it is one of `functions:`.
    static func make(
        config: HoistConfig, functionName: String, aws: AWSContext, identity: DevIdentity, bootstrap: String?,
        release: Bool, endpoint: String?
    ) throws -> DevLaunch {
        let names = ResourceNames(project: config.project, stage: config.stageName)
        let builder = DevBuilder(config: config, release: release)
        let local = bootstrap.map { config.resolvePath($0) }
        if config.hasFunctionMap,
            let declared = config.declaredFunctions.first(where: { names.function($0.name) == functionName })
        {
            let python =
                bootstrap == nil
                ? try ArtifactPipeline.pythonLaunches(config, handlers: [declared.handler])?[declared.handler] : nil
            return try assemble(
                config: config, functionName: functionName, python: python, aws: aws, identity: identity,
                endpoint: endpoint
            ) {
                try local ?? builder.build(products: [try product(of: declared, config)]).values.first ?? ""
            }
        }
        let python = bootstrap == nil ? try ArtifactPipeline.pythonLaunch(config) : nil
        return try assemble(
            config: config, functionName: functionName, python: python, aws: aws, identity: identity,
            endpoint: endpoint
        ) { try local ?? builder.build() }
    }

    /// The launch of every function of `functions:`, by name, in the config's order: the Swift products built in
    /// one build (or `bootstrap`, a folder, holding an executable per product: `<folder>/<product>`, as
    /// `hoist package --bootstrap` takes them), the Python handlers with the layer installed once. `queueUrls`
    /// gives the `<NAME>_QUEUE_URL` of `sends_to` (see ``DevEnvironment/function``).
    static func project(
        config: HoistConfig, aws: AWSContext, identity: DevIdentity, bootstrap: String?, release: Bool,
        endpoint: String?, queueUrls: [String: String]
    ) throws -> [(function: ProjectFunction, launch: DevLaunch)] {
        let names = ResourceNames(project: config.project, stage: config.stageName)
        let functions = config.declaredFunctions
        let pythons =
            bootstrap == nil ? try ArtifactPipeline.pythonLaunches(config, handlers: functions.map(\.handler)) : nil
        var executables: [String: String] = [:]
        if let bootstrap {
            for function in functions {
                executables[function.name] = config.resolvePath(bootstrap) + "/" + (function.product ?? function.name)
            }
        } else if pythons == nil {
            let products = try functions.map { try product(of: $0, config) }
            let built = try DevBuilder(config: config, release: release).build(products: Array(Set(products)).sorted())
            for (function, product) in zip(functions, products) { executables[function.name] = built[product] }
        }
        return try functions.map { function in
            let launch = try assemble(
                config: config, functionName: names.function(function.name), python: pythons?[function.handler],
                aws: aws, identity: identity, endpoint: endpoint, queueUrls: queueUrls
            ) { executables[function.name] ?? "" }
            return (function, launch)
        }
    }

    /// The product of a function of a provided.* runtime.
    private static func product(of function: ProjectFunction, _ config: HoistConfig) throws -> String {
        guard let product = function.product else {
            throw CommandError(
                code: "NoProduct", message: "function \(function.name) names no product in \(config.configFile)")
        }
        return product
    }

    /// The launch of `python`, or of what `executable` gives (a build: called once the function is known to be
    /// deployed), as the function `functionName` with deploy's environment.
    private static func assemble(
        config: HoistConfig, functionName: String, python: PythonLocalLaunch?, aws: AWSContext, identity: DevIdentity,
        endpoint: String?, queueUrls: [String: String] = [:], executable: () throws -> String
    ) throws -> DevLaunch {
        guard
            let (function, variables) = DevEnvironment.function(
                functionName, config: config, region: aws.region, account: identity.account,
                secretArns: identity.secretArns, queueUrls: queueUrls)
        else {
            throw CommandError(code: "UnknownFunction", message: "this stage deploys no function \(functionName)")
        }
        let executable = try python?.executable ?? executable()
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
