/// Where a deployment lives and what is known of it: project, stage, account, region, and the identities read or
/// created so far. Pure: rendering a plan needs this and no client.
public struct DeploymentScope: Sendable {
    /// The project.
    public let project: String
    /// The stage.
    public let stage: String
    /// The account.
    public let account: String
    /// The region.
    public let region: String
    /// The AWS partition.
    public let partition: String
    /// Identities read or created so far.
    public let identities: IdentityStore

    /// Creates a scope.
    public init(
        project: String, stage: String, account: String, region: String, partition: String = "aws",
        identities: IdentityStore = IdentityStore()
    ) {
        self.project = project
        self.stage = stage
        self.account = account
        self.region = region
        self.partition = partition
        self.identities = identities
    }

    /// The deployment's names.
    public var names: ResourceNames { ResourceNames(project: project, stage: stage) }

    /// An ARN in this account (and region, unless the service is global).
    public func arn(_ service: String, _ resource: String, regional: Bool = true) -> ARN {
        ARN(
            partition: partition, service: service, region: regional ? region : "", account: account,
            resource: resource)
    }

    /// Whose a resource with these tags is.
    public func ownership(_ tags: [String: String]) -> Ownership {
        Ownership.from(tags: tags, project: project, stage: stage)
    }
}
