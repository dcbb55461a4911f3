import LambdaRuntime

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Movies: list with a cursor, get, create, update, delete.
extension MoviesApp {
    struct MoviePageAnswer: Encodable {
        var items: [Movie]
        var nextCursor: String?

        enum CodingKeys: String, CodingKey { case items, nextCursor }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(items, forKey: .items)
            try container.encode(nextCursor, forKey: .nextCursor)
        }
    }

    /// The default and largest page sizes of `GET /movies`.
    static let defaultPageSize = 20
    static let maxPageSize = 100

    /// `GET /movies?limit=&cursor=`.
    @Sendable func listMovies(_ context: RequestContext) async throws -> APIGatewayV2Response {
        let query = context.request.queryStringParameters ?? [:]
        var limit = Self.defaultPageSize
        if let raw = query["limit"] {
            guard let value = Int(raw), (1...Self.maxPageSize).contains(value) else {
                throw APIError.badRequest("invalid_limit", "limit must be an integer from 1 to \(Self.maxPageSize)")
            }
            limit = value
        }
        let after = try query["cursor"].map(PageCursor.decode)
        let page = try await movies.list(limit: limit, after: after)
        return Self.json(
            200, MoviePageAnswer(items: page.items, nextCursor: page.lastKey.map { PageCursor.encode(lastKey: $0) }))
    }

    /// `GET /movies/{movieId}`.
    @Sendable func getMovie(_ context: RequestContext) async throws -> APIGatewayV2Response {
        Self.json(200, try await existingMovie(context.pathParameters["movieId"] ?? ""))
    }

    /// `POST /movies` (editor or admin): 201 with a new UUID `movieId`.
    @Sendable func createMovie(_ context: RequestContext) async throws -> APIGatewayV2Response {
        let input = try movieInput(context.request)
        let stamp = UTCClock.iso8601(now())
        let movie = Movie(
            movieId: UUID().uuidString.lowercased(), title: input.title, year: input.year, genres: input.genres,
            director: input.director, description: input.description, createdBy: context.principal!.username,
            createdAt: stamp, updatedAt: stamp)
        try await movies.create(movie)
        logger.info("movie created", requestId: context.requestId, ["movieId": movie.movieId])
        return Self.json(201, movie)
    }

    /// `PUT /movies/{movieId}` (editor or admin): replaces the fields, keeps `createdBy` and `createdAt`.
    @Sendable func updateMovie(_ context: RequestContext) async throws -> APIGatewayV2Response {
        let input = try movieInput(context.request)
        var movie = try await existingMovie(context.pathParameters["movieId"] ?? "")
        movie.title = input.title
        movie.year = input.year
        movie.genres = input.genres
        movie.director = input.director
        movie.description = input.description
        movie.updatedAt = UTCClock.iso8601(now())
        do {
            try await movies.replace(movie)
        } catch let error as StoreError where error.code == .notFound {
            throw APIError.notFound("movie_not_found", "no such movie")
        }
        return Self.json(200, movie)
    }

    /// `DELETE /movies/{movieId}` (admin): 204.
    @Sendable func deleteMovie(_ context: RequestContext) async throws -> APIGatewayV2Response {
        let movieId = context.pathParameters["movieId"] ?? ""
        guard Self.isMovieId(movieId), try await movies.delete(movieId) else {
            throw APIError.notFound("movie_not_found", "no such movie")
        }
        logger.info("movie deleted", requestId: context.requestId, ["movieId": movieId])
        return Self.noContent()
    }

    func movieInput(_ request: APIGatewayV2Request) throws -> MovieInput {
        let body = try Self.decodeBody([String: JSONValue].self, request)
        return try Validator.movieInput(body, currentYear: UTCClock.year(of: now()))
    }

    func existingMovie(_ movieId: String) async throws -> Movie {
        guard Self.isMovieId(movieId), let movie = try await movies.get(movieId) else {
            throw APIError.notFound("movie_not_found", "no such movie")
        }
        return movie
    }

    /// Whether a path segment can be a movie id (a UUID); anything else is a 404 without a store call.
    static func isMovieId(_ value: String) -> Bool {
        UUID(uuidString: value) != nil
    }
}
