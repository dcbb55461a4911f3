import Foundation

/// A deploy's canary: what apply does instead of moving an alias, and the canaries it started, for the deploy to
/// watch once apply is done.
///
/// With a launch in the engine context, an alias that moves from one published version to another stays on the
/// old one and gives the new one `spec`'s weight; a first release (no alias yet) goes out whole.
public final class CanaryLaunch: @unchecked Sendable {
    /// One alias in its canary.
    public struct Started: Sendable, Equatable {
        /// The function's name.
        public var function: String
        /// The alias's name.
        public var alias: String
        /// The version the alias holds (the one traffic goes back to).
        public var from: String
        /// The new version, with the canary's weight.
        public var to: String
        /// The alias's revision after the weights were set.
        public var revision: String?
    }

    /// The share and the window.
    public let spec: CanarySpec
    private let lock = NSLock()
    private var started: [Started] = []

    /// Creates a launch for one deploy.
    public init(_ spec: CanarySpec) { self.spec = spec }

    /// Records a canary apply started.
    public func record(_ canary: Started) { lock.withLock { started.append(canary) } }

    /// The canaries started, in the order apply started them.
    public var all: [Started] { lock.withLock { started } }
}
