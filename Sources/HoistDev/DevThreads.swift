import Foundation

/// Starts detached threads for blocking work (accept loops, connections, process supervision).
enum DevThreads {
    /// Runs `body` on a new thread.
    static func start(_ name: String, _ body: @escaping @Sendable () -> Void) {
        let thread = Thread(block: body)
        thread.name = name
        thread.stackSize = 1 << 20
        thread.start()
    }
}
