/// A movie.
public struct Movie: Codable, Sendable, Equatable {
    /// A lowercase UUID.
    public var movieId: String
    /// The title.
    public var title: String
    /// The release year.
    public var year: Int
    /// Genres.
    public var genres: [String]
    /// The director, if known.
    public var director: String?
    /// A description, if any.
    public var description: String?
    /// Who created it.
    public var createdBy: String
    /// When it was created, ISO 8601.
    public var createdAt: String
    /// When it last changed, ISO 8601.
    public var updatedAt: String

    /// Creates a movie.
    public init(
        movieId: String, title: String, year: Int, genres: [String], director: String?, description: String?,
        createdBy: String, createdAt: String, updatedAt: String
    ) {
        self.movieId = movieId
        self.title = title
        self.year = year
        self.genres = genres
        self.director = director
        self.description = description
        self.createdBy = createdBy
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

/// The validated body of a create or update.
public struct MovieInput: Sendable, Equatable {
    /// The title, trimmed.
    public var title: String
    /// The year.
    public var year: Int
    /// The genres, trimmed.
    public var genres: [String]
    /// The director, trimmed; nil when absent or empty.
    public var director: String?
    /// The description; nil when absent or empty.
    public var description: String?

    /// Creates an input.
    public init(title: String, year: Int, genres: [String], director: String? = nil, description: String? = nil) {
        self.title = title
        self.year = year
        self.genres = genres
        self.director = director
        self.description = description
    }
}
