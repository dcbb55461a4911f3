@testable import MoviesAPI

/// An in-memory user store that counts reads.
actor CountingUserStore: UserStore {
    let inner = InMemoryUserStore()
    private(set) var gets = 0

    func create(_ user: User) async throws { try await inner.create(user) }

    func get(_ username: String) async throws -> User? {
        gets += 1
        return try await inner.get(username)
    }

    func replace(_ user: User) async throws { try await inner.replace(user) }

    func delete(_ username: String) async throws -> Bool { try await inner.delete(username) }
}
