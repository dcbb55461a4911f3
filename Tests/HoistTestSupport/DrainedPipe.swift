import Foundation

/// Reads one pipe to its end on a background thread, so a child writing to two pipes never blocks on either.
final class DrainedPipe: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private var data = Data()

    /// Starts draining `pipe`; nil drains nothing (``wait()`` returns empty data at once).
    init(_ pipe: Pipe?) {
        guard let pipe else {
            done.signal()
            return
        }
        let thread = Thread { [self] in
            data = pipe.fileHandleForReading.readDataToEndOfFile()
            done.signal()
        }
        thread.start()
    }

    /// Everything the pipe delivered, once its writer closed it.
    func wait() -> Data {
        done.wait()
        return data
    }
}
