import HoistAWS

/// Reads the live state of a deployment's resources through their drivers, with read-only calls only.
public struct StateReader: Sendable {
    /// The context reads go through; identities found are stored in its scope.
    public let context: EngineContext

    /// Creates a reader.
    public init(context: EngineContext) { self.context = context }

    /// The live counterparts of `wanted` that exist, plus what drivers discover beside them (an API's other
    /// routes). Kinds are read in creation order, so a parent's identity is known before its children are read.
    /// A resource whose parent is not this stage's takes the parent's ownership.
    public func read(_ wanted: [ResourceState]) async throws -> [ResourceState] {
        var observed: [ResourceState] = []
        var ownership: [ResourceAddress: Ownership] = [:]
        let byKind = Dictionary(grouping: wanted, by: \.kind)
        for driver in DriverRegistry.drivers {
            let states = byKind[driver.kind] ?? []
            var found: [ResourceState] = []
            // A child of a resource that is not this stage's is not read: it is not hoist's to look into.
            for state in states where state.parent.flatMap({ ownership[$0] })?.isOwned ?? true {
                if let live = try await driver.read(state, context) { found.append(live) }
            }
            found += try await driver.discover(states, context)
            for var live in found {
                if live.ownership == .inherited, let parent = live.parent, let owner = ownership[parent],
                    !owner.isOwned
                {
                    live.ownership = owner
                }
                ownership[live.address] = live.ownership
                if live.ownership.isOwned || context.scope.identities[live.address] == nil {
                    context.scope.identities[live.address] = live.identity
                }
                observed.append(live)
            }
        }
        return observed
    }
}
