/// A role a user holds.
public enum Role: String, Codable, Sendable, CaseIterable, Comparable {
    /// Every registered user.
    case user
    /// May create and update movies.
    case editor
    /// May do everything, including managing users and deleting movies.
    case admin

    /// Orders roles by name, for stable output.
    public static func < (lhs: Role, rhs: Role) -> Bool { lhs.rawValue < rhs.rawValue }
}
