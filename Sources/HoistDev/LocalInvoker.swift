import Dispatch
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Runs one event through one function process behind its own Lambda Runtime API on a loopback port, then stops
/// the process: `hoist invoke --local`.
///
/// Why not ``DevServer``: dev keeps processes up and restarts the ones that exit; one invocation wants the opposite.
/// A process that reports an init error or exits before answering ends the invocation at once (not a restart and a
/// wait for the timeout); its output is captured, not inherited, so hoist's standard output carries only the
/// answer; and nothing outlives the call: the process's group gets SIGTERM, then SIGKILL after ``grace`` seconds.
/// The timeout counts from the process's start, init included, as `hoist dev` counts it.
public final class LocalInvoker: @unchecked Sendable {
    /// The most output kept per invocation: the newest 1 MiB.
    public static let outputLimit = 1 << 20

    /// How to start the process.
    public let launch: LaunchSpec
    /// The function's timeout in seconds.
    public let timeout: TimeInterval
    /// The ARN reported in `Lambda-Runtime-Invoked-Function-Arn`.
    public let functionArn: String
    /// Seconds between SIGTERM and SIGKILL when the process is stopped.
    public let grace: TimeInterval
    private let lock = NSLock()
    private var broker: InvocationBroker?
    private var initError: (type: String, message: String)?
    private var exitStatus: String?
    private var cancelled = false

    /// Creates an invoker; nothing starts until ``invoke(_:requestId:)``.
    public init(launch: LaunchSpec, timeout: TimeInterval, functionArn: String, grace: TimeInterval = 2) {
        self.launch = launch
        self.timeout = timeout
        self.functionArn = functionArn
        self.grace = grace
    }

    /// Starts the process, hands it `payload` once, waits for how that ends (at most ``timeout``), stops the
    /// process, and returns the outcome with the process's output.
    public func invoke(_ payload: [UInt8], requestId: String = UUID().uuidString.lowercased()) throws
        -> LocalInvocation
    {
        guard timeout > 0 else { throw DevServerError(.invalidConfiguration, "the timeout must be positive") }
        signal(SIGPIPE, SIG_IGN)
        let broker = InvocationBroker(slotCount: 1)
        let runtime = try RuntimeAPIServer(
            slot: 0, broker: broker, functionArn: functionArn, log: { _ in },
            onInitError: { [self] type, message in
                lock.withLock { if initError == nil { initError = (type, message) } }
                broker.close()
            })
        let capture = try OutputCapture(limit: Self.outputLimit)
        if lock.withLock({ () -> Bool in
            self.broker = broker
            return cancelled
        }) {
            broker.close()
        }
        runtime.start()
        let started = Date()
        let processId: Int32
        do {
            processId = try ChildProcess.spawn(
                launch, extraEnvironment: ["AWS_LAMBDA_RUNTIME_API": runtime.address], output: capture.descriptor)
        } catch {
            capture.start()
            _ = capture.finish()
            runtime.stop()
            throw error
        }
        capture.start()
        broker.processStarted(slot: 0, processId: processId)
        let exited = watch(processId, broker)
        let outcome = broker.invoke(requestId: requestId, payload: payload, timeout: timeout)
        let duration = Date().timeIntervalSince(started)
        capture.cut()
        stop(processId, broker: broker, exited: exited)
        runtime.stop()
        let output = capture.finish()
        return LocalInvocation(
            requestId: requestId, outcome: result(of: outcome), output: output.bytes,
            droppedOutputBytes: output.dropped, processId: processId, duration: duration)
    }

    /// Ends a running invocation as ``LocalInvocation/Outcome/cancelled`` (from a signal handler); the process is
    /// then stopped as after any outcome.
    public func cancel() {
        let broker = lock.withLock { () -> InvocationBroker? in
            cancelled = true
            return self.broker
        }
        broker?.close()
    }

    /// Reaps the process on a thread: records how it ended, answers the invocation it held `.crashed`, and closes
    /// the broker so one still queued (the process never asked for it) ends too.
    private func watch(_ processId: Int32, _ broker: InvocationBroker) -> DispatchSemaphore {
        let exited = DispatchSemaphore(value: 0)
        DevThreads.start("hoist-local-wait") { [self] in
            let status = ChildProcess.wait(processId)
            lock.withLock { exitStatus = status }
            broker.processExited(slot: 0, status: status)
            broker.close()
            exited.signal()
        }
        return exited
    }

    /// SIGTERM to the process's group (it has its own), SIGKILL after ``grace``; then SIGKILL to what is left of
    /// the group (a `sleep` a shell bootstrap started, say), so nothing outlives the invocation.
    private func stop(_ processId: Int32, broker: InvocationBroker, exited: DispatchSemaphore) {
        broker.close()
        kill(-processId, SIGTERM)
        if exited.wait(timeout: .now() + grace) == .timedOut {
            kill(-processId, SIGKILL)
            exited.wait()
        }
        kill(-processId, SIGKILL)
    }

    /// The broker's outcome, told apart: a close for an init error, for the process's exit, or for a cancel.
    private func result(of outcome: InvocationOutcome) -> LocalInvocation.Outcome {
        let (initError, exitStatus, cancelled) = lock.withLock { (self.initError, self.exitStatus, self.cancelled) }
        switch outcome {
        case .response(let bytes):
            return .response(bytes)
        case .functionError(let type, let message):
            return .functionError(type: type, message: message)
        case .timedOut:
            return .timedOut(seconds: timeout)
        case .crashed(let status):
            if let initError { return .initError(type: initError.type, message: initError.message) }
            return .exited(status: status)
        case .cancelled:
            if cancelled { return .cancelled }
            if let initError { return .initError(type: initError.type, message: initError.message) }
            if let exitStatus { return .exited(status: exitStatus) }
            return .cancelled
        }
    }
}
