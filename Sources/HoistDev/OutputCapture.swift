import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A pipe a function process writes its standard output and standard error to, drained on a thread into memory:
/// what `hoist invoke --local` shows as the log.
///
/// Why a pipe read at once: standard output of hoist must carry only the function's answer, so the process cannot
/// inherit it; reading while it runs keeps a chatty process from blocking on a full pipe. ``cut()`` ends the log
/// at the invocation's outcome, so what the process writes while it is being stopped is drained but not kept (as
/// Lambda's log of an invocation ends at its end). At most `limit` bytes are kept, the newest, and the rest counted.
final class OutputCapture: @unchecked Sendable {
    /// The most bytes kept.
    let limit: Int
    private let readEnd: Int32
    private var writeEnd: Int32
    private let condition = NSCondition()
    private var bytes: [UInt8] = []
    private var dropped = 0
    private var draining = false
    private var stopRequested = false
    private var isCut = false

    /// Opens the pipe: both ends close on exec (the child gets the write end only as its 1 and 2); the read end
    /// does not block, so ``cut()`` and the draining thread can both read it.
    init(limit: Int = 1 << 20) throws(DevServerError) {
        var ends: [Int32] = [-1, -1]
        guard pipe(&ends) == 0 else {
            throw DevServerError(
                .spawn, "cannot open a pipe for the function's output",
                underlying: SystemCallFailure(call: "pipe", errno: errno))
        }
        for end in ends { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
        _ = fcntl(ends[0], F_SETFL, fcntl(ends[0], F_GETFL) | O_NONBLOCK)
        self.limit = limit
        readEnd = ends[0]
        writeEnd = ends[1]
    }

    /// The descriptor to give the child as its standard output and standard error.
    var descriptor: Int32 { writeEnd }

    /// Closes hoist's copy of the write end (once the child holds its own) and drains the pipe on a thread.
    func start() {
        condition.lock()
        if writeEnd >= 0 {
            close(writeEnd)
            writeEnd = -1
        }
        draining = true
        condition.unlock()
        DevThreads.start("hoist-local-output") { [self] in
            drain()
            condition.lock()
            close(readEnd)
            draining = false
            condition.broadcast()
            condition.unlock()
        }
    }

    /// Keeps what the pipe holds now and nothing written after: the log ends here.
    func cut() {
        condition.lock()
        defer { condition.unlock() }
        guard draining, !isCut else { return }
        while readAvailable() > 0 {}
        isCut = true
    }

    /// What was kept and how many earlier bytes were dropped, once the pipe is at its end or has been quiet for
    /// 0.1 s (a process the child started may outlive it and keep the pipe open), waiting at most `grace`.
    func finish(grace: TimeInterval = 2) -> (bytes: [UInt8], dropped: Int) {
        let deadline = Date().addingTimeInterval(grace)
        condition.lock()
        defer { condition.unlock() }
        stopRequested = true
        while draining && condition.wait(until: deadline) {}
        return (bytes, dropped)
    }

    /// Waits for the pipe to be readable and reads it, until its end (or quiet once stopping).
    private func drain() {
        var poller = pollfd(fd: readEnd, events: Int16(POLLIN), revents: 0)
        while true {
            let ready = poll(&poller, 1, 100)
            if ready < 0 {
                if errno == EINTR { continue }
                return
            }
            condition.lock()
            let stop = stopRequested
            let count = ready > 0 ? readAvailable() : -1
            condition.unlock()
            if count == 0 || (ready == 0 && stop) { return }
        }
    }

    /// One read of what the pipe holds (called with the lock held): the byte count, 0 at the pipe's end, -1 when
    /// nothing is there now. Bytes after ``cut()`` are read and dropped.
    private func readAvailable() -> Int {
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        let count = buffer.withUnsafeMutableBytes { read(readEnd, $0.baseAddress, $0.count) }
        if count < 0 { return errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR ? -1 : 0 }
        if count > 0 && !isCut {
            bytes.append(contentsOf: buffer[..<count])
            if bytes.count > limit {
                dropped += bytes.count - limit
                bytes.removeFirst(bytes.count - limit)
            }
        }
        return count
    }
}
