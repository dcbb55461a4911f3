/// Where users live: DynamoDB in Lambda, memory in tests; both behind this protocol.
public protocol UserStore: Sendable {
    /// Stores a new user; throws `StoreError.alreadyExists` when the name is taken (atomically).
    func create(_ user: User) async throws
    /// The user with that name, or nil.
    func get(_ username: String) async throws -> User?
    /// Replaces an existing user; throws `StoreError.notFound` when there is none.
    func replace(_ user: User) async throws
    /// Deletes a user; returns whether there was one.
    func delete(_ username: String) async throws -> Bool
}
