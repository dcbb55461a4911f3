/// The kinds of resource one deploy manages, in the order a fresh deploy creates them.
public enum ResourceKind: String, Sendable, Codable, CaseIterable, Comparable {
    /// The S3 bucket for artifacts over the direct-upload limit.
    case artifactBucket = "artifact_bucket"
    /// An artifact zip in that bucket.
    case artifact
    /// The execution role.
    case role
    /// The execution role's inline policy.
    case rolePolicy = "role_policy"
    /// The function's log group.
    case logGroup = "log_group"
    /// A DynamoDB table.
    case table
    /// A Secrets Manager secret.
    case secret
    /// The dependency layer version.
    case layer
    /// The Lambda function.
    case function
    /// The HTTP API.
    case api
    /// The API's Lambda integration.
    case integration
    /// One route of the API.
    case route
    /// The API's `$default` stage.
    case stage
    /// A permission to invoke a function: API Gateway the API's, Secrets Manager the rotation function.
    case permission
    /// A secret's scheduled rotation (RotateSecret's function and rules).
    case secretRotation = "secret_rotation"

    /// Creation order.
    public static func < (lhs: ResourceKind, rhs: ResourceKind) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// A resource with the attributes hoist manages, as desired (from config) or as observed (from AWS).
public struct ResourceState: Sendable, Equatable {
    /// The resource's kind.
    public var kind: ResourceKind
    /// Its name (function name, table name, route key, …).
    public var name: String
    /// The managed attributes.
    public var attributes: [String: PlanValue]
    /// Attributes whose change can only be applied by deleting and creating the resource again.
    public var replaceOnChange: Set<String>
    /// Addresses of the resources this one needs first.
    public var dependsOn: [String]

    /// Creates a resource state.
    public init(
        kind: ResourceKind, name: String, attributes: [String: PlanValue], replaceOnChange: Set<String> = [],
        dependsOn: [String] = []
    ) {
        self.kind = kind
        self.name = name
        self.attributes = attributes
        self.replaceOnChange = replaceOnChange
        self.dependsOn = dependsOn
    }

    /// `kind.name`, unique within a deployment.
    public var address: String { "\(kind.rawValue).\(name)" }
}
