/// What AWS chose for an existing resource and applying needs: its ARN, its id, its revision.
///
/// The plan file carries these for every resource read, so `hoist apply plan.json` needs no config and no second
/// read to find them; resources created during an apply add theirs as they go.
public struct ResourceIdentity: Sendable, Equatable, Codable {
    /// The resource's ARN, when it has one.
    public var arn: ARN?
    /// An id AWS generated (API, integration and route ids; a layer version's number as text).
    public var id: String?
    /// A revision for optimistic updates (Lambda's RevisionId).
    public var revision: String?
    /// An endpoint URL (the HTTP API's).
    public var endpoint: String?
    /// Ids of the parts that deleting removes one by one (a layer's version numbers).
    public var parts: [String]?

    /// Creates an identity.
    public init(
        arn: ARN? = nil, id: String? = nil, revision: String? = nil, endpoint: String? = nil, parts: [String]? = nil
    ) {
        self.arn = arn
        self.id = id
        self.revision = revision
        self.endpoint = endpoint
        self.parts = parts
    }
}
