import ArgumentParser
import Foundation
import HoistCore
import HoistDev

/// `hoist invoke --local`: one event through the function running on this machine, printed as a remote invoke
/// prints its answer.
///
/// Why it reads as remote invoke does: the same event checks (``InvokeEvent``: 6 MB, JSON, before anything
/// starts), the same report (``InvocationReport``: the payload alone on standard output, a function error's
/// `errorType: errorMessage` on standard error and exit 1), and a timeout or an exit before answering reported
/// with the error documents Lambda gives them (`Sandbox.Timedout`, `Runtime.ExitError`), so a script that reads one
/// reads the other.
struct LocalInvokeFlow {
    /// The global options (config, stage, region, endpoint).
    let global: GlobalOptions
    /// The `FUNCTION` argument.
    let function: String?
    /// The `--event` argument.
    let event: String?
    /// The `--bootstrap` argument: run this executable instead of building.
    let bootstrap: String?
    /// `--log`: print the process's output on standard error.
    let showLog: Bool

    /// Reads the event, looks up what `hoist dev` looks up, builds (or reuses), runs one invocation, prints it.
    func run() async throws {
        let config = try ProjectContext.loadConfig(global)
        let stageFunction = try StageFunctions(config).function(function)
        let source = InvokeEventSource(argument: event)
        if source == .standardInput, isatty(0) == 1 {
            StandardError.write("reading the event from standard input (end it with Ctrl-D)\n")
        }
        let payload = try InvokeEvent.read(source)
        let aws = try AWSContext(options: global, defaultRegion: config.region ?? "us-east-1")
        let identity = await DevIdentity.resolve(config: config, aws: aws) {
            StandardError.write("hoist invoke: \($0)\n")
        }
        let started = try DevLaunch.make(
            config: config, functionName: stageFunction.functionName, aws: aws, identity: identity,
            bootstrap: bootstrap, release: false,
            endpoint: global.endpointURL ?? ProcessInfo.processInfo.environment["AWS_ENDPOINT_URL"])
        let invoker = LocalInvoker(
            launch: started.launch, timeout: TimeInterval(started.function.timeout),
            functionArn: "arn:aws:lambda:\(aws.region):\(identity.account):function:\(stageFunction.functionName)")
        let signals = Interruption.Signals { invoker.cancel() }
        defer { signals.restore() }
        let invocation: LocalInvocation
        do {
            invocation = try invoker.invoke(payload)
        } catch {
            throw CommandError(code: "LocalInvoke", message: "\(error)", underlying: error)
        }
        if invocation.outcome == .cancelled { throw ExitCode(130) }
        let report = Self.report(
            invocation, functionName: stageFunction.functionName, showLog: showLog, terminal: isatty(1) == 1)
        FileHandle.standardOutput.write(Data(report.standardOutput))
        StandardError.write(report.standardError)
        if report.failed { throw ExitCode(1) }
    }

    /// What to print for `invocation` of `functionName`. Pure.
    static func report(_ invocation: LocalInvocation, functionName: String, showLog: Bool, terminal: Bool)
        -> InvocationReport
    {
        let id = invocation.requestId
        let milliseconds = Int((invocation.duration * 1000).rounded())
        let ran = "\(functionName): ran locally (process \(invocation.processId), \(milliseconds) ms), request id \(id)"
        let log = showLog ? Self.log(invocation.output, dropped: invocation.droppedOutputBytes) : nil
        let logHint = showLog ? "" : "; --log shows its output"
        func failure(_ type: String, _ message: String, hint: String?) -> InvocationReport {
            let document = ["errorType": type, "errorMessage": message]
            let payload = (try? JSONSerialization.data(withJSONObject: document, options: [.sortedKeys])) ?? Data()
            return InvocationReport(
                payload: Array(payload), functionError: "Unhandled", ran: ran, log: log, hint: hint, terminal: terminal)
        }
        switch invocation.outcome {
        case .response(let bytes):
            return InvocationReport(
                payload: bytes, functionError: nil, ran: ran, log: log, hint: nil, terminal: terminal)
        case .functionError(let type, let message):
            return failure(type, message, hint: nil)
        case .initError(let type, let message):
            return failure(type, message, hint: "the function failed at init, before taking the event" + logHint)
        case .exited(let status):
            return failure(
                "Runtime.ExitError", "RequestId: \(id) Error: Runtime exited with error: \(status)",
                hint: "the process ended before answering" + logHint)
        case .timedOut(let seconds):
            let after = String(format: "%.2f", seconds)
            return failure(
                "Sandbox.Timedout", "RequestId: \(id) Error: Task timed out after \(after) seconds",
                hint: "no answer within the function's timeout (hoist.yml function.timeout, counted from the "
                    + "process's start); the process was killed" + logHint)
        case .cancelled:
            return failure("Cancelled", "stopped by a signal", hint: nil)
        }
    }

    /// The captured output between marker lines, as remote invoke frames its log tail.
    static func log(_ output: [UInt8], dropped: Int) -> String {
        guard !output.isEmpty else { return "--- no output from the process ---" }
        let text = String(decoding: output, as: UTF8.self)
        let head =
            dropped > 0
            ? "--- log (the process's output; its first \(dropped) bytes left out) ---"
            : "--- log (the process's output) ---"
        return head + "\n" + text + (text.hasSuffix("\n") ? "" : "\n") + "--- end of log ---"
    }
}
