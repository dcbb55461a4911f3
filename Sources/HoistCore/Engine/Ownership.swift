/// Whose a resource of the expected name is, from its `hoist:project` and `hoist:stage` tags.
public enum Ownership: Sendable, Equatable, Codable {
    /// Tagged with this project and stage.
    case ours
    /// Owned through its parent (a route through its API, a policy through its role), which is ours.
    case inherited
    /// No hoist tags at all: made by hand or by another tool; `--adopt` takes it over.
    case untagged
    /// Tagged for another project or stage.
    case foreign(project: String, stage: String)
    /// Owned by another AWS account (an S3 bucket name is global: someone else can hold hoist's).
    case otherAccount

    /// The tag keys that mark ownership.
    public static let projectTag = "hoist:project"
    /// The stage's tag key.
    public static let stageTag = "hoist:stage"

    /// Ownership from the tags read back, for a deployment of `project` and `stage`.
    public static func from(tags: [String: String], project: String, stage: String) -> Ownership {
        let owner = (tags[projectTag], tags[stageTag])
        switch owner {
        case (nil, nil): return .untagged
        case (project, stage): return .ours
        default: return .foreign(project: owner.0 ?? "?", stage: owner.1 ?? "?")
        }
    }

    /// Whether apply and destroy may change it.
    public var isOwned: Bool { self == .ours || self == .inherited }

    /// In words, for plans and errors.
    public var owner: String {
        switch self {
        case .ours, .inherited: return "this stage"
        case .untagged: return "no hoist project (untagged: made by hand or another tool)"
        case .foreign(let project, let stage): return "project \(project), stage \(stage)"
        case .otherAccount:
            return "another AWS account (S3 refused this account as its owner): name a bucket of yours with "
                + "`upload: {bucket: …}` in hoist.yml"
        }
    }
}
