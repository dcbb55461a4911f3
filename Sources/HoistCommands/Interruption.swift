import Dispatch
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// SIGINT and SIGTERM during plan, apply, deploy and destroy: the work is cancelled, not killed.
///
/// The call in flight finishes (libcurl does not stop mid-request), no further step starts (the applier checks
/// for cancellation before each resource), open multipart uploads are aborted (the uploader does that on
/// cancellation), and the command exits 130, as a shell reports an interrupted command. A second signal
/// stops at once.
enum Interruption {
    /// Runs `body` so that SIGINT or SIGTERM cancels it; exit status 130 when it was.
    static func run(_ body: @escaping @Sendable () async throws -> Void) async throws {
        let task = Task { try await body() }
        let signals = Signals { task.cancel() }
        defer { signals.restore() }
        do {
            try await task.value
        } catch {
            if signals.received {
                CommandRunner.printError("interrupted: stopped before the next step; run the command again to converge")
                throw ExitCode130()
            }
            throw error
        }
        if signals.received { throw ExitCode130() }
    }

    /// Exit status 130.
    struct ExitCode130: Error {}

    /// The signal sources, while `run` is running.
    final class Signals: @unchecked Sendable {
        private let lock = NSLock()
        private var sources: [DispatchSourceSignal] = []
        private var count = 0

        init(_ cancel: @escaping @Sendable () -> Void) {
            let queue = DispatchQueue(label: "hoist.interruption")
            for number in [SIGINT, SIGTERM] {
                signal(number, SIG_IGN)
                let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
                source.setEventHandler { [weak self] in
                    guard let self else { return }
                    let seen = self.lock.withLock {
                        self.count += 1
                        return self.count
                    }
                    if seen > 1 { exit(130) }
                    FileHandle.standardError.write(
                        Data("\nstopping after the call in flight (again to stop now)\n".utf8))
                    cancel()
                }
                source.resume()
                sources.append(source)
            }
        }

        /// Whether a signal arrived.
        var received: Bool { lock.withLock { count > 0 } }

        /// Gives the signals back their default action.
        func restore() {
            for source in sources { source.cancel() }
            signal(SIGINT, SIG_DFL)
            signal(SIGTERM, SIG_DFL)
        }
    }
}
