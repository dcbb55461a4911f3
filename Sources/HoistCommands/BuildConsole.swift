import Foundation
import HoistPackaging

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What a `swift build` run shows on stderr: on a terminal one live line (`[412/998] Compiling … 1m12s`, redrawn
/// each second), without one a status line every 30 s; diagnostics in full, static-linking notices counted.
///
/// The decisions are ``SwiftBuildConsoleModel``'s (pure, tested); this class adds the clock, the ticker thread
/// and the terminal.
final class BuildConsole: @unchecked Sendable {
    private let title: String
    private let interactive: Bool
    private let lock = NSLock()
    private var model: SwiftBuildConsoleModel
    private var started = 0.0
    private var lastReport = 0.0
    private var running = false
    private var ticker: Thread?

    /// Creates a console for a build with a title (`building Backend (release, static, x86_64)`).
    init(title: String, verbose: Bool = ConsoleSettings.verbose) {
        self.title = title
        self.interactive = isatty(STDERR_FILENO) == 1
        self.model = SwiftBuildConsoleModel(verbose: verbose)
    }

    /// Shows the title and starts the clock and the ticker.
    func start() {
        lock.withLock {
            started = Self.now()
            lastReport = started
            running = true
        }
        write("hoist: \(title)…\n")
        let thread = Thread { [weak self] in
            while let self, self.tick() { Thread.sleep(forTimeInterval: 1) }
        }
        thread.start()
        ticker = thread
    }

    /// Takes one line of swift's output.
    func line(_ line: String) {
        lock.withLock {
            let shown = model.consume(line)
            var text = ""
            if interactive && !shown.isEmpty { text += "\r\u{1B}[2K" }
            text += shown.map { $0 + "\n" }.joined()
            if interactive && !model.verbose { text += "\r\u{1B}[2K" + statusText() }
            if !text.isEmpty { write(text) }
        }
    }

    /// Stops the ticker and ends the line with how it went, the time and the notice count.
    func finish(success: Bool) {
        lock.withLock {
            running = false
            let elapsed = SwiftBuildConsoleModel.duration(Self.now() - started)
            var text = (interactive ? "\r\u{1B}[2K" : "")
            text += "hoist: \(title): \(success ? "done" : "failed") in \(elapsed)\n"
            if let summary = model.noticeSummary { text += "hoist: \(summary)\n" }
            write(text)
        }
    }

    /// One second of the ticker: redraws the line (terminal) or prints it every 30 s; false once finished.
    private func tick() -> Bool {
        lock.withLock {
            guard running else { return false }
            if model.verbose { return true }
            if interactive {
                write("\r\u{1B}[2K" + statusText())
                return true
            }
            let now = Self.now()
            if SwiftBuildConsoleModel.isReportDue(now: now, last: lastReport) {
                lastReport = now
                write(statusText() + "\n")
            }
            return true
        }
    }

    /// The status line for now (call with the lock held).
    private func statusText() -> String {
        model.statusLine(prefix: "hoist: ", elapsed: Self.now() - started, width: interactive ? Self.columns() : 200)
    }

    private static func now() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }

    /// The terminal's width, 100 when unknown.
    private static func columns() -> Int {
        var size = winsize()
        guard ioctl(STDERR_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 20 else { return 100 }
        return Int(size.ws_col)
    }

    private func write(_ text: String) { StandardError.write(text) }
}
