/// A progress line of `swift build`: a counted step or a phase message.
public struct SwiftBuildStep: Equatable, Sendable {
    /// Steps done, from `[412/998]`; nil for a phase message.
    public var completed: Int?
    /// Steps planned so far (swift raises it as it discovers work); nil for a phase message.
    public var total: Int?
    /// What swift is doing: `Compiling CNIOBoringSSL x509.c`, `Building for production...`.
    public var message: String

    /// Creates a step.
    public init(completed: Int?, total: Int?, message: String) {
        self.completed = completed
        self.total = total
        self.message = message
    }

    /// The starts of swift's phase messages: building, and resolving and checking out dependencies.
    static let phases = [
        "Building for ", "Build complete!", "Build of product ", "Compiling plugin ", "Planning build", "Fetching ",
        "Fetched ", "Computing version for ", "Computed ", "Creating working copy for ", "Working copy of ",
        "Updating https://", "Updated https://", "Cloning ", "Cloned ",
    ]

    /// Parses a progress line; nil for any other line.
    public init?(line: String) {
        for phase in Self.phases where line.hasPrefix(phase) {
            self.init(completed: nil, total: nil, message: line)
            return
        }
        guard line.hasPrefix("["), let close = line.firstIndex(of: "]") else { return nil }
        let counter = line[line.index(after: line.startIndex)..<close].split(
            separator: "/", omittingEmptySubsequences: false)
        guard counter.count == 2, let done = Int(counter[0]), let total = Int(counter[1]) else { return nil }
        let message = line[line.index(after: close)...].drop { $0 == " " }
        self.init(completed: done, total: total, message: String(message))
    }

    /// `[412/998] Compiling CNIOBoringSSL x509.c`, as swift printed it.
    public var text: String {
        guard let completed, let total else { return message }
        return "[\(completed)/\(total)] \(message)"
    }
}
