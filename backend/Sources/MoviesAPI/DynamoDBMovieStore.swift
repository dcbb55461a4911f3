import AWSClients

/// A `MovieStore` in a DynamoDB table keyed by `movieId`; listing is a paginated Scan.
///
/// Scan, not Query: the table has only the partition key `movieId` (no index), and a listing of every movie
/// has no partition key to query by. A Query would need a GSI with one constant partition key, which hoist
/// does not create and which concentrates all writes on one partition. Needs `dynamodb:Scan` on the table.
public struct DynamoDBMovieStore: MovieStore {
    /// The client.
    public let dynamo: DynamoDBClient
    /// The table name (`MOVIES_TABLE`).
    public let table: String

    /// Creates a store.
    public init(dynamo: DynamoDBClient, table: String) {
        self.dynamo = dynamo
        self.table = table
    }

    /// PutItem with `attribute_not_exists(movieId)`.
    public func create(_ movie: Movie) async throws {
        try await put(movie, condition: "attribute_not_exists(#k)", onFailure: .alreadyExists)
    }

    /// GetItem.
    public func get(_ movieId: String) async throws -> Movie? {
        do {
            return try await dynamo.getItem(table: table, key: ["movieId": .s(movieId)]).map(Self.movie(from:))
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(.backend, "GetItem on the movies table failed", underlying: error)
        }
    }

    /// PutItem with `attribute_exists(movieId)`.
    public func replace(_ movie: Movie) async throws {
        try await put(movie, condition: "attribute_exists(#k)", onFailure: .notFound)
    }

    /// DeleteItem.
    public func delete(_ movieId: String) async throws -> Bool {
        do {
            return try await dynamo.deleteItem(table: table, key: ["movieId": .s(movieId)])
        } catch {
            throw StoreError(.backend, "DeleteItem on the movies table failed", underlying: error)
        }
    }

    /// One Scan page; the cursor key is the `movieId` of LastEvaluatedKey.
    public func list(limit: Int, after: String?) async throws -> MoviePage {
        do {
            let page = try await dynamo.scan(
                table: table, limit: limit, startKey: after.map { ["movieId": .s($0)] })
            return MoviePage(
                items: try page.items.map(Self.movie(from:)), lastKey: page.lastKey?["movieId"]?.string)
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(.backend, "Scan on the movies table failed", underlying: error)
        }
    }

    func put(_ movie: Movie, condition: String, onFailure: StoreError.Code) async throws {
        do {
            try await dynamo.putItem(
                table: table, item: Self.item(from: movie), condition: condition, conditionKey: "movieId")
        } catch let error as AWSClientError where error.code == "ConditionalCheckFailedException" {
            throw StoreError(onFailure, "condition failed for movie", underlying: error)
        } catch {
            throw StoreError(.backend, "PutItem on the movies table failed", underlying: error)
        }
    }

    /// The item of a movie; absent optional fields are left out.
    public static func item(from movie: Movie) -> DynamoDBItem {
        var item: DynamoDBItem = [
            "movieId": .s(movie.movieId), "title": .s(movie.title), "year": .n(String(movie.year)),
            "genres": .l(movie.genres.map { .s($0) }), "createdBy": .s(movie.createdBy),
            "createdAt": .s(movie.createdAt), "updatedAt": .s(movie.updatedAt),
        ]
        if let director = movie.director { item["director"] = .s(director) }
        if let description = movie.description { item["description"] = .s(description) }
        return item
    }

    /// The movie of an item.
    public static func movie(from item: DynamoDBItem) throws -> Movie {
        guard let movieId = item["movieId"]?.string, let title = item["title"]?.string,
            let year = item["year"]?.int
        else { throw StoreError(.corruptItem, "movie item lacks movieId, title or year") }
        return Movie(
            movieId: movieId, title: title, year: year, genres: item["genres"]?.strings ?? [],
            director: item["director"]?.string, description: item["description"]?.string,
            createdBy: item["createdBy"]?.string ?? "", createdAt: item["createdAt"]?.string ?? "",
            updatedAt: item["updatedAt"]?.string ?? "")
    }
}
