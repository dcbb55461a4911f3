import Foundation

/// A program left running while a test does other things (puts events, waits for a line), then signalled.
///
/// Why: `hoist logs --follow`, a canary window and other long runs are proven as the real binary; the test must
/// read what it printed so far without waiting for its end, then stop it and collect the rest and the status.
public final class BackgroundProcess: @unchecked Sendable {
    private let process = Process()
    private let lock = NSLock()
    private var output = Data()
    private var errors = Data()
    private let outputClosed = DispatchSemaphore(value: 0)
    private let errorsClosed = DispatchSemaphore(value: 0)

    /// Starts `executable` with `arguments` and exactly `environment`.
    public init(_ executable: URL, _ arguments: [String], environment: [String: String]) throws {
        process.executableURL = executable
        process.arguments = arguments
        process.environment = environment
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        Self.collect(out, closed: outputClosed) { [self] chunk in lock.withLock { output.append(chunk) } }
        Self.collect(err, closed: errorsClosed) { [self] chunk in lock.withLock { errors.append(chunk) } }
        try process.run()
    }

    /// Reads `pipe` on a thread until its writer closes it.
    private static func collect(
        _ pipe: Pipe, closed: DispatchSemaphore, _ append: @escaping @Sendable (Data) -> Void
    ) {
        let thread = Thread {
            while true {
                let chunk = pipe.fileHandleForReading.availableData
                if chunk.isEmpty { break }
                append(chunk)
            }
            closed.signal()
        }
        thread.start()
    }

    /// Standard output so far.
    public var stdout: String { lock.withLock { String(decoding: output, as: UTF8.self) } }
    /// Standard error so far.
    public var stderr: String { lock.withLock { String(decoding: errors, as: UTF8.self) } }
    /// Whether it still runs.
    public var isRunning: Bool { process.isRunning }
    /// Its process id.
    public var processIdentifier: Int32 { process.processIdentifier }

    /// Waits until `condition` holds for standard output, the program ends, or `timeout` seconds pass (a guard
    /// against a hang, not a measurement); whether it held.
    @discardableResult
    public func waitForOutput(timeout: TimeInterval = 60, _ condition: (String) -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if condition(stdout) { return true }
            if !process.isRunning { return condition(stdout) }
            usleep(20_000)
        }
        return condition(stdout)
    }

    /// Waits for the program to end by itself; its exit status.
    public func wait() -> Int32 {
        process.waitUntilExit()
        outputClosed.wait()
        errorsClosed.wait()
        return process.terminationStatus
    }

    /// Sends `signal` and waits for the end (both pipes drained); the exit status, or 128 + the signal when the
    /// signal killed it.
    public func stop(_ signal: Int32) -> Int32 {
        kill(process.processIdentifier, signal)
        process.waitUntilExit()
        outputClosed.wait()
        errorsClosed.wait()
        return process.terminationReason == .uncaughtSignal
            ? 128 + process.terminationStatus : process.terminationStatus
    }
}
