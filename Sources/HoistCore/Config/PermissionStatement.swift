/// An extra `Allow` statement added to the function's execution role.
public struct PermissionStatement: Sendable, Equatable {
    /// IAM actions of the form `service:Action` (wildcards inside the action allowed, a bare `*` refused).
    public var actions: [String]
    /// Resource ARNs (a bare `*` refused).
    public var resources: [String]

    /// Creates a statement.
    public init(actions: [String], resources: [String]) {
        self.actions = actions
        self.resources = resources
    }
}
