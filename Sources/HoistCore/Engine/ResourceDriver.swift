import HoistAWS

/// Everything hoist knows about one kind of resource: how it is read, how it shows in a plan, how it is created,
/// changed and deleted, what it depends on, and what the deploying identity must be allowed to do for it.
///
/// Drivers are stateless; the planner, the applier, the destroyer and the deployer policy loop over
/// ``DriverRegistry/drivers`` and never switch on a kind.
public protocol ResourceDriver: Sendable {
    /// The desired state of one resource of this kind, as the plan file carries it.
    associatedtype Spec: Codable & Sendable & Equatable
    /// The attributes a plan compares and shows; their raw values are the names plans print.
    associatedtype Attribute: RawRepresentable & CaseIterable & Hashable & Sendable where Attribute.RawValue == String

    /// The kind this driver handles.
    var kind: ResourceKind { get }
    /// Attributes whose change needs a new resource.
    var replacing: Set<Attribute> { get }
    /// Whether the resource holds data (tables, secrets): never deleted by a deploy, and by destroy only on request.
    var holdsData: Bool { get }
    /// Whether the resource is shared beyond the stage (the account's artifact bucket, the project's boundary):
    /// a stage's destroy leaves it out.
    var isShared: Bool { get }
    /// What the deploying identity needs for this kind.
    func grants(_ scope: DeployerScope) -> [DeployerGrant]

    /// The specs this kind adds to a deployment by itself, from the inputs alone. Kinds that the config's
    /// functions, tables and secrets shape come from ``DesiredStateBuilder``; a kind that needs nothing else
    /// answers here, so that adding it is its file and one registry line.
    func desired(_ inputs: DeploymentInputs) -> [Spec]
    /// The resource's name within its kind.
    func name(of spec: Spec) -> String
    /// What must exist first.
    func dependencies(of spec: Spec) -> [ResourceAddress]
    /// The parent a resource without tags is owned through; nil for a tagged kind.
    func parent(of spec: Spec) -> ResourceAddress?
    /// The attributes of a desired spec, with references resolved through what is known.
    func render(_ spec: Spec, _ scope: DeploymentScope) -> [Attribute: PlanValue]

    /// Reads the live resource; nil when it does not exist.
    func read(_ spec: Spec, _ context: EngineContext) async throws -> Observation<Attribute>?
    /// Live resources of this kind that no spec names but that belong to a desired parent (an API's other routes),
    /// so that the plan deletes them.
    func discover(desired: [Spec], _ context: EngineContext) async throws -> [(Spec, Observation<Attribute>)]
    /// Creates the resource; returns its identity.
    func create(_ spec: Spec, _ context: EngineContext) async throws -> ResourceIdentity
    /// Changes the listed attributes in place (and the tags on adoption).
    func update(_ spec: Spec, observed: ObservedResource, changed: Set<Attribute>, _ context: EngineContext)
        async throws -> ResourceIdentity
    /// Deletes the resource; one already gone counts as deleted.
    func delete(_ spec: Spec, observed: ObservedResource, _ context: EngineContext) async throws
    /// Deletes and creates again for a change in ``replacing``; the default does exactly that.
    func replace(_ spec: Spec, observed: ObservedResource, _ context: EngineContext) async throws -> ResourceIdentity
}

extension ResourceDriver {
    /// Most kinds change in place.
    public var replacing: Set<Attribute> { [] }
    /// Most kinds hold no data.
    public var holdsData: Bool { false }
    /// Most kinds belong to one stage.
    public var isShared: Bool { false }
    /// Most kinds are shaped by the config through ``DesiredStateBuilder``.
    public func desired(_ inputs: DeploymentInputs) -> [Spec] { [] }
    /// Most kinds carry their own tags.
    public func parent(of spec: Spec) -> ResourceAddress? { nil }
    /// Most kinds have nothing to discover.
    public func discover(desired: [Spec], _ context: EngineContext) async throws -> [(Spec, Observation<Attribute>)] {
        []
    }
    /// Delete, then create.
    public func replace(_ spec: Spec, observed: ObservedResource, _ context: EngineContext) async throws
        -> ResourceIdentity
    {
        try await delete(spec, observed: observed, context)
        return try await create(spec, context)
    }
    /// The address of a spec.
    public func address(of spec: Spec) -> ResourceAddress { ResourceAddress(kind, name(of: spec)) }
}

/// A live resource as a driver read it.
public struct Observation<Attribute: Hashable & Sendable>: Sendable {
    /// The attributes, comparable with a desired spec's rendering.
    public var attributes: [Attribute: PlanValue]
    /// What AWS chose.
    public var identity: ResourceIdentity
    /// The tags read back (`hoist:project`, `hoist:stage` decide ownership); nil for a kind owned through its parent.
    public var tags: [String: String]?
    /// Whose it is when the tags cannot say (a bucket another account owns).
    public var ownership: Ownership?
    /// Why a discovered resource that no spec names goes (the plan's reason for its deletion); nil says it is no
    /// longer configured.
    public var pruneReason: String?
    /// Why the resource stays although it is no longer configured (a queue holding messages, "holds 3 messages"):
    /// a deploy keeps it, and deletes it only when data deletion is asked for (`--delete-data`), as destroy does.
    public var keepReason: String?

    /// Creates an observation.
    public init(
        attributes: [Attribute: PlanValue], identity: ResourceIdentity = .init(), tags: [String: String]?,
        ownership: Ownership? = nil
    ) {
        self.attributes = attributes
        self.identity = identity
        self.tags = tags
        self.ownership = ownership
    }
}

/// An observed resource as apply receives it: the attributes read when planning, its identity and tags.
public struct ObservedResource: Sendable, Equatable {
    /// The attributes as read, by name.
    public var attributes: [String: PlanValue]
    /// What AWS chose.
    public var identity: ResourceIdentity
    /// The tags read back.
    public var tags: [String: String]
    /// Why the plan would have kept it (``Observation/keepReason``) when it was read; nil when it had none, so a
    /// delete can refuse a resource that took data since.
    public var keepReason: String?

    /// Creates one.
    public init(
        attributes: [String: PlanValue], identity: ResourceIdentity, tags: [String: String], keepReason: String? = nil
    ) {
        self.attributes = attributes
        self.identity = identity
        self.tags = tags
        self.keepReason = keepReason
    }

    /// Tag keys the live resource has that `desired` no longer names: untagged before tagging.
    public func staleTagKeys(_ desired: [String: String]) -> [String] {
        tags.keys.filter { desired[$0] == nil }.sorted()
    }
}

/// The project, account and region a deployer policy is generated for.
public struct DeployerScope: Sendable {
    /// The AWS partition.
    public var partition: String
    /// The region.
    public var region: String
    /// The account.
    public var account: String
    /// The project.
    public var project: String

    /// The artifact bucket.
    public var bucket: String

    /// Creates a scope; the bucket defaults to `hoist-<account>-<region>`.
    public init(partition: String = "aws", region: String, account: String, project: String, bucket: String? = nil) {
        self.partition = partition
        self.region = region
        self.account = account
        self.project = project
        self.bucket = bucket ?? ResourceNames.bucket(account: account, region: region)
    }

    /// `arn:<partition>`.
    public var arnPrefix: String { "arn:\(partition)" }
    /// The name prefix of the project's resources.
    public var prefix: String { "\(project)-" }
    /// On a resource tagged for this project only: `<project>-*` also names the resources of a project whose name
    /// starts with this one's (`movies` and `movies-api`); the tag tells them apart.
    public var ownedOnly: [String: [String: [String]]] {
        ["StringEquals": ["aws:ResourceTag/\(Ownership.projectTag)": [project]]]
    }
    /// A create only with this project's tag on the new resource.
    public var taggedCreate: [String: [String: [String]]] {
        ["StringEquals": ["aws:RequestTag/\(Ownership.projectTag)": [project]]]
    }
    /// The permissions boundary every role hoist creates for the project carries.
    public var boundaryArn: String {
        "\(arnPrefix):iam::\(account):policy/\(PermissionsBoundaryDriver.name(project: project))"
    }
}

/// Actions the deploying identity needs on some resources; grants of the same `sid` merge into one statement.
public struct DeployerGrant: Sendable, Equatable {
    /// The statement this grant belongs to.
    public var sid: String
    /// Read-only actions (what `hoist plan` needs).
    public var reads: [String]
    /// Mutating actions.
    public var writes: [String]
    /// The resource ARN patterns.
    public var resources: [String]
    /// Conditions, operator → key → values.
    public var conditions: [String: [String: [String]]]
    /// A refusal instead of a grant (`writes` are the actions refused).
    public var deny: Bool

    /// Creates a grant.
    public init(
        sid: String, reads: [String] = [], writes: [String] = [], resources: [String],
        conditions: [String: [String: [String]]] = [:], deny: Bool = false
    ) {
        self.sid = sid
        self.reads = reads
        self.writes = writes
        self.resources = resources
        self.conditions = conditions
        self.deny = deny
    }
}
