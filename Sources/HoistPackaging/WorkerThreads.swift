#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Runs a body on several POSIX threads at once and waits for all of them.
///
/// Dedicated threads rather than `DispatchQueue.concurrentPerform`, so the number of parallel deflaters is exactly
/// the writer's `concurrency`, whatever thread pool (e.g. Swift concurrency's) the caller runs on.
enum WorkerThreads {
    /// Calls `body(0)` on the current thread and `body(1)`…`body(count - 1)` on new threads, then joins them.
    static func run(count: Int, _ body: @escaping @Sendable (Int) -> Void) {
        var threads: [pthread_t] = []
        for index in 1..<max(count, 1) {
            let box = Unmanaged.passRetained(WorkerBox(index: index, body: body))
            var thread = pthread_t()
            let created = pthread_create(
                &thread, nil,
                { raw in
                    let box = Unmanaged<WorkerBox>.fromOpaque(raw!).takeRetainedValue()
                    box.body(box.index)
                    return nil
                }, box.toOpaque())
            if created == 0 {
                threads.append(thread)
            } else {
                // Could not start a thread: do its share here instead.
                box.release()
                body(index)
            }
        }
        body(0)
        for thread in threads {
            pthread_join(thread, nil)
        }
    }
}

/// The argument handed to one worker thread.
private final class WorkerBox: Sendable {
    let index: Int
    let body: @Sendable (Int) -> Void

    init(index: Int, body: @escaping @Sendable (Int) -> Void) {
        self.index = index
        self.body = body
    }
}
