/// How one invocation of a batch ended, as the event source mapping sees it.
public enum QueueInvocationOutcome: Sendable, Equatable {
    /// The function answered: its response's bytes.
    case response([UInt8])
    /// The function failed: an error it reported, a crash, a timeout (why, for the log).
    case failed(String)
    /// The invocation was stopped (`hoist dev` is stopping).
    case cancelled
}
