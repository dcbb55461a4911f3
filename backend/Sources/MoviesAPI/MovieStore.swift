/// One page of a movie listing.
public struct MoviePage: Sendable, Equatable {
    /// The movies of the page.
    public var items: [Movie]
    /// The key of the last item when more may follow; nil on the last page.
    public var lastKey: String?

    /// Creates a page.
    public init(items: [Movie], lastKey: String?) {
        self.items = items
        self.lastKey = lastKey
    }
}

/// Where movies live: DynamoDB in Lambda, memory in tests; both behind this protocol.
public protocol MovieStore: Sendable {
    /// Stores a new movie; throws `StoreError.alreadyExists` when the id is taken.
    func create(_ movie: Movie) async throws
    /// The movie with that id, or nil.
    func get(_ movieId: String) async throws -> Movie?
    /// Replaces an existing movie; throws `StoreError.notFound` when there is none.
    func replace(_ movie: Movie) async throws
    /// Deletes a movie; returns whether there was one.
    func delete(_ movieId: String) async throws -> Bool
    /// Up to `limit` movies after the item with key `after` (exclusive), in the store's own order.
    func list(limit: Int, after: String?) async throws -> MoviePage
}
