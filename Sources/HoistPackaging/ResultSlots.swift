#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Fixed-size storage written from worker threads, one index per writer.
final class ResultSlots<Value: Sendable>: @unchecked Sendable {
    private let storage: UnsafeMutablePointer<Value?>
    private let count: Int

    init(count: Int) {
        self.count = count
        storage = .allocate(capacity: count)
        storage.initialize(repeating: nil, count: count)
    }

    deinit {
        storage.deinitialize(count: count)
        storage.deallocate()
    }

    /// Stores the value of one index; each index must be written by exactly one thread.
    func set(_ index: Int, _ value: Value) {
        storage[index] = value
    }

    /// All values, once every writer has finished.
    func values() -> [Value] {
        (0..<count).map { storage[$0]! }
    }
}
