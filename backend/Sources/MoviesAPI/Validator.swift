import LambdaRuntime

/// The rules for usernames, passwords and movie bodies; each failure is a 400 naming the field.
///
/// Lengths count Unicode scalars, not characters (grapheme clusters): one character can hold any number of
/// combining marks, so a limit in characters bounds nothing, while at most 4 UTF-8 bytes per scalar keep a
/// movie item far below DynamoDB's 400 KB item limit.
public enum Validator {
    /// Title length limit, in Unicode scalars.
    public static let maxTitleLength = 200
    /// Director length limit.
    public static let maxDirectorLength = 200
    /// Description length limit.
    public static let maxDescriptionLength = 2000
    /// How many genres a movie may have.
    public static let maxGenres = 10
    /// Genre length limit.
    public static let maxGenreLength = 40
    /// The first year a movie can have (Roundhay Garden Scene).
    public static let firstYear = 1888
    /// How far into the future a year may go.
    public static let yearsAhead = 5

    /// `[a-z0-9_.-]{3,32}`.
    public static func isValidUsername(_ username: String) -> Bool {
        let bytes = Array(username.utf8)
        guard (3...32).contains(bytes.count) else { return false }
        return bytes.allSatisfy { byte in
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
                || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "-")
        }
    }

    /// Checks a username, or throws a 400.
    public static func username(_ username: String) throws -> String {
        guard isValidUsername(username) else {
            throw APIError.badRequest("invalid_username", "username must be 3-32 characters of a-z 0-9 _ . -")
        }
        return username
    }

    /// Checks a new password: at least 8 characters, at most 72 bytes (bcrypt's limit), no NUL.
    public static func newPassword(_ password: String, field: String = "password") throws -> String {
        guard password.unicodeScalars.count >= 8 else {
            throw APIError.badRequest("invalid_password", "\(field) must be at least 8 characters")
        }
        guard password.utf8.count <= 72, !password.utf8.contains(0) else {
            throw APIError.badRequest("invalid_password", "\(field) must be at most 72 bytes")
        }
        return password
    }

    /// Reads and checks a movie body for a create or update; `currentYear` bounds `year`.
    public static func movieInput(_ body: [String: JSONValue], currentYear: Int) throws -> MovieInput {
        guard case .string(let rawTitle)? = body["title"] else {
            throw APIError.badRequest("invalid_title", "title is required and must be a string")
        }
        let title = rawTitle.trimmed
        guard !title.isEmpty, title.unicodeScalars.count <= maxTitleLength else {
            throw APIError.badRequest("invalid_title", "title must be 1-\(maxTitleLength) characters")
        }
        let lastYear = currentYear + yearsAhead
        guard case .number(let rawYear)? = body["year"], rawYear == rawYear.rounded(),
            rawYear >= Double(firstYear), rawYear <= Double(lastYear)
        else {
            throw APIError.badRequest("invalid_year", "year must be an integer from \(firstYear) to \(lastYear)")
        }
        var genres: [String] = []
        switch body["genres"] {
        case nil, .null?: break
        case .array(let values)?:
            guard values.count <= maxGenres else {
                throw APIError.badRequest("invalid_genres", "at most \(maxGenres) genres")
            }
            for value in values {
                guard case .string(let genre) = value, !genre.trimmed.isEmpty,
                    genre.trimmed.unicodeScalars.count <= maxGenreLength
                else {
                    throw APIError.badRequest(
                        "invalid_genres", "genres must be strings of 1-\(maxGenreLength) characters")
                }
                genres.append(genre.trimmed)
            }
        default:
            throw APIError.badRequest("invalid_genres", "genres must be a list of strings")
        }
        let director = try optionalString(body, "director", limit: maxDirectorLength)
        let description = try optionalString(body, "description", limit: maxDescriptionLength)
        return MovieInput(
            title: title, year: Int(rawYear), genres: genres, director: director, description: description)
    }

    static func optionalString(_ body: [String: JSONValue], _ field: String, limit: Int) throws -> String? {
        switch body[field] {
        case nil, .null?: return nil
        case .string(let value)?:
            let trimmed = value.trimmed
            guard trimmed.unicodeScalars.count <= limit else {
                throw APIError.badRequest("invalid_\(field)", "\(field) must be at most \(limit) characters")
            }
            return trimmed.isEmpty ? nil : trimmed
        default:
            throw APIError.badRequest("invalid_\(field)", "\(field) must be a string")
        }
    }
}

extension String {
    /// The string without leading and trailing whitespace.
    var trimmed: String {
        var view = Substring(self)
        while let first = view.first, first.isWhitespace { view.removeFirst() }
        while let last = view.last, last.isWhitespace { view.removeLast() }
        return String(view)
    }
}
