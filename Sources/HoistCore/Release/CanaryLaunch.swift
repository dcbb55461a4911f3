import Foundation

/// A deploy's canary: what apply does instead of moving an alias, and the canaries it started, for the deploy to
/// watch once apply is done.
///
/// With a launch in the engine context, an alias that moves from one published version to another stays on the
/// old one and gives the new one `spec`'s weight; a first release (no alias yet) goes out whole.
public final class CanaryLaunch: @unchecked Sendable {
    /// The share and the window.
    public let spec: CanarySpec
    private let lock = NSLock()
    private var started: [CanaryRelease] = []

    /// Creates a launch for one deploy.
    public init(_ spec: CanarySpec) { self.spec = spec }

    /// Records a canary apply started.
    public func record(_ canary: CanaryRelease) { lock.withLock { started.append(canary) } }

    /// The canaries started, in the order apply started them.
    public var all: [CanaryRelease] { lock.withLock { started } }
}
