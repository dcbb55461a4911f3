import Dispatch
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// SIGINT and SIGTERM stop `hoist dev`; SIGUSR1 prints the latency summary.
///
/// Installed before anything starts, so a Ctrl-C at any point stops the function processes cleanly.
final class DevSignals: @unchecked Sendable {
    private let lock = NSLock()
    private var sources: [DispatchSourceSignal] = []
    private var stopRequested = false
    private var continuation: CheckedContinuation<Void, Never>?
    private var onReport: @Sendable () -> Void = {}

    /// Takes over SIGINT, SIGTERM and SIGUSR1.
    init() {
        let queue = DispatchQueue(label: "hoist.dev.signals")
        for number in [SIGINT, SIGTERM, SIGUSR1] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            source.setEventHandler { [weak self] in
                if number == SIGUSR1 { self?.report() } else { self?.requestStop() }
            }
            source.resume()
            sources.append(source)
        }
    }

    /// Calls `report` on each SIGUSR1.
    func onReport(_ report: @escaping @Sendable () -> Void) {
        lock.lock()
        onReport = report
        lock.unlock()
    }

    /// Returns once SIGINT or SIGTERM arrived (at once if one already did).
    func waitForStop() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            lock.lock()
            if stopRequested {
                lock.unlock()
                continuation.resume()
            } else {
                self.continuation = continuation
                lock.unlock()
            }
        }
    }

    /// Whether SIGINT or SIGTERM arrived.
    var stopped: Bool {
        lock.lock()
        defer { lock.unlock() }
        return stopRequested
    }

    private func report() {
        lock.lock()
        let report = onReport
        lock.unlock()
        report()
    }

    private func requestStop() {
        lock.lock()
        stopRequested = true
        let pending = continuation
        continuation = nil
        lock.unlock()
        pending?.resume()
    }
}
