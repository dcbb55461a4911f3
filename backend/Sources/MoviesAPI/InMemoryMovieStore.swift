/// A `MovieStore` in memory, listing in `movieId` order, for tests and local benchmarks.
public actor InMemoryMovieStore: MovieStore {
    private var movies: [String: Movie] = [:]

    /// Creates an empty store.
    public init() {}

    /// Stores a new movie unless the id is taken.
    public func create(_ movie: Movie) async throws {
        guard movies[movie.movieId] == nil else { throw StoreError(.alreadyExists, "movie exists") }
        movies[movie.movieId] = movie
    }

    /// The movie with that id, or nil.
    public func get(_ movieId: String) async throws -> Movie? { movies[movieId] }

    /// Replaces an existing movie.
    public func replace(_ movie: Movie) async throws {
        guard movies[movie.movieId] != nil else { throw StoreError(.notFound, "no such movie") }
        movies[movie.movieId] = movie
    }

    /// Deletes a movie.
    public func delete(_ movieId: String) async throws -> Bool {
        movies.removeValue(forKey: movieId) != nil
    }

    /// Up to `limit` movies with ids greater than `after`.
    public func list(limit: Int, after: String?) async throws -> MoviePage {
        let keys = movies.keys.sorted().filter { after == nil || $0 > after! }
        let page = keys.prefix(limit).compactMap { movies[$0] }
        return MoviePage(items: page, lastKey: keys.count > limit ? page.last?.movieId : nil)
    }
}
