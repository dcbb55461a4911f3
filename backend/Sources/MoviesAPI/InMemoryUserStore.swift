/// A `UserStore` in memory, for tests and local benchmarks.
public actor InMemoryUserStore: UserStore {
    private var users: [String: User] = [:]

    /// Creates an empty store.
    public init() {}

    /// Stores a new user unless the name is taken.
    public func create(_ user: User) async throws {
        guard users[user.username] == nil else {
            throw StoreError(.alreadyExists, "user exists")
        }
        users[user.username] = user
    }

    /// The user with that name, or nil.
    public func get(_ username: String) async throws -> User? { users[username] }

    /// Replaces an existing user.
    public func replace(_ user: User) async throws {
        guard users[user.username] != nil else { throw StoreError(.notFound, "no such user") }
        users[user.username] = user
    }

    /// Deletes a user.
    public func delete(_ username: String) async throws -> Bool {
        users.removeValue(forKey: username) != nil
    }
}
