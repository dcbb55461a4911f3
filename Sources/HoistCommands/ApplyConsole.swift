import Foundation
import HoistCore

/// Prints an apply's lines; on a terminal it also keeps one upload progress line (bar, bytes, rate, ETA) below
/// them, redrawn at most ten times a second. Elsewhere uploads report plain lines only.
final class ApplyConsole: @unchecked Sendable {
    private let lock = NSLock()
    private let terminal: Bool
    private var drawn: String?
    private var lastDraw = Date.distantPast

    /// Creates a console; `terminal` enables the progress line.
    init(terminal: Bool = isatty(1) == 1) { self.terminal = terminal }

    /// A tracker feeding the progress line, or nil when output is not a terminal.
    lazy var progress: TransferProgress? =
        terminal ? TransferProgress { [weak self] snapshot in self?.show(snapshot) } : nil

    /// Prints one line above the progress line.
    func line(_ text: String) {
        lock.withLock {
            if let drawn {
                write("\r\u{1B}[2K" + text + "\n" + drawn)
            } else {
                write(text + "\n")
            }
        }
    }

    /// Ends the progress line, if one is shown.
    func finish() {
        lock.withLock {
            if drawn != nil { write("\n") }
            drawn = nil
        }
    }

    private func show(_ snapshot: TransferProgress.Snapshot) {
        lock.withLock {
            let now = Date()
            guard snapshot.finished || now.timeIntervalSince(lastDraw) >= 0.1 else { return }
            lastDraw = now
            let text = "  uploading " + UploadProgressLine.render(snapshot)
            write("\r\u{1B}[2K" + text)
            drawn = text
            if snapshot.finished {
                write("\n")
                drawn = nil
            }
        }
    }

    private func write(_ text: String) {
        print(text, terminator: "")
        fflush(nil)  // every output stream, so the line shows now
    }
}
