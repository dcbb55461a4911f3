/// A resource with the attributes hoist manages, as desired (from config) or as observed (from AWS).
public struct ResourceState: Sendable, Equatable {
    /// The resource's kind.
    public var kind: ResourceKind
    /// Its name (function name, table name, route key, …).
    public var name: String
    /// The managed attributes, as plans compare and show them.
    public var attributes: [String: PlanValue]
    /// Attributes whose change can only be applied by deleting and creating the resource again.
    public var replaceOnChange: Set<String>
    /// The resources this one needs first.
    public var dependsOn: [ResourceAddress]
    /// The typed spec its driver applies (desired), or the spec it was read for (observed).
    public var spec: SpecBox?
    /// The resource an untaggable one is owned through.
    public var parent: ResourceAddress?
    /// Observed: what AWS chose (ARN, id, revision).
    public var identity = ResourceIdentity()
    /// Observed: the tags read back.
    public var tags: [String: String] = [:]
    /// Observed: whose it is.
    public var ownership: Ownership = .ours
    /// Observed and not desired: why it goes, when that is not simply "no longer configured".
    public var pruneReason: String?
    /// Observed: why it stays when it is no longer configured ("holds 3 messages"), unless data deletion is asked for.
    public var keepReason: String?

    /// Creates a resource state.
    public init(
        kind: ResourceKind, name: String, attributes: [String: PlanValue], replaceOnChange: Set<String> = [],
        dependsOn: [ResourceAddress] = [], spec: SpecBox? = nil, parent: ResourceAddress? = nil
    ) {
        self.kind = kind
        self.name = name
        self.attributes = attributes
        self.replaceOnChange = replaceOnChange
        self.dependsOn = dependsOn
        self.spec = spec
        self.parent = parent
    }

    /// `kind.name`, unique within a deployment.
    public var address: ResourceAddress { ResourceAddress(kind, name) }
}
