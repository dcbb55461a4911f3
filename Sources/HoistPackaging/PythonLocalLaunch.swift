/// How to run a Python function on this machine the way Lambda runs it: under the official runtime interface
/// client (`python3 -m awslambdaric <handler>`), with the code and the built layer importable.
///
/// `hoist dev` starts this process with `AWS_LAMBDA_RUNTIME_API` pointing at its own Runtime API. The search
/// path follows Lambda's order: the code folder (`/var/task` there) first, then the layer's `python/` folder
/// (`/opt/python`). `awslambdaric` itself must be importable: from the host's Python, or listed in the
/// requirements.
public struct PythonLocalLaunch: Sendable, Equatable {
    /// The interpreter to start, `python3` (looked up in `PATH`).
    public let executable: String
    /// The arguments: `-m awslambdaric <handler>`.
    public let arguments: [String]
    /// Variables to add to the environment: `PYTHONPATH`, `LAMBDA_TASK_ROOT` and `_HANDLER`.
    public let environment: [String: String]
    /// The folder to start in: the code folder, as Lambda starts in `/var/task` (awslambdaric imports from it).
    public let workingDirectory: String

    /// Describes the launch of `handler` (e.g. `lambda_function.lambda_handler`) from the code folder, with the
    /// layer's `python/` folder (`PythonLayerBuilder.Result.sitePackages`) when there is a layer.
    public init(
        handler: String, codeDirectory: String, layerSitePackages: String?, pythonExecutable: String = "python3"
    ) {
        executable = pythonExecutable
        arguments = ["-m", "awslambdaric", handler]
        let path = [codeDirectory] + (layerSitePackages.map { [$0] } ?? [])
        environment = [
            "PYTHONPATH": path.joined(separator: ":"), "LAMBDA_TASK_ROOT": codeDirectory, "_HANDLER": handler,
        ]
        workingDirectory = codeDirectory
    }
}
