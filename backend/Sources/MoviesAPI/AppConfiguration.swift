/// The environment contract between hoist and the backend.
///
/// `USERS_TABLE`, `MOVIES_TABLE` and `JWT_SECRET_ARN` are required; `ADMIN_USERNAMES` is a comma-separated
/// list of the users the operator task may promote to `admin` (it grants nothing by itself). Optional:
/// `JWT_ISSUER` (default `movies-api`), `JWT_TTL_SECONDS` (default 3600), `SECRET_CACHE_TTL_SECONDS`
/// (default 300), `BCRYPT_COST` (default 12).
public struct AppConfiguration: Sendable, Equatable {
    /// `USERS_TABLE`.
    public var usersTable: String
    /// `MOVIES_TABLE`.
    public var moviesTable: String
    /// `JWT_SECRET_ARN` (or name).
    public var jwtSecretId: String
    /// `ADMIN_USERNAMES`, parsed.
    public var adminUsernames: Set<String>
    /// `JWT_ISSUER`.
    public var issuer: String
    /// `JWT_TTL_SECONDS`.
    public var tokenLifetime: Int64
    /// `SECRET_CACHE_TTL_SECONDS`.
    public var secretCacheSeconds: Int64
    /// `BCRYPT_COST`.
    public var bcryptCost: Int

    /// Creates a configuration.
    public init(
        usersTable: String, moviesTable: String, jwtSecretId: String, adminUsernames: Set<String> = [],
        issuer: String = "movies-api", tokenLifetime: Int64 = 3600, secretCacheSeconds: Int64 = 300,
        bcryptCost: Int = 12
    ) {
        self.usersTable = usersTable
        self.moviesTable = moviesTable
        self.jwtSecretId = jwtSecretId
        self.adminUsernames = adminUsernames
        self.issuer = issuer
        self.tokenLifetime = tokenLifetime
        self.secretCacheSeconds = secretCacheSeconds
        self.bcryptCost = bcryptCost
    }

    /// Reads the contract from an environment; throws naming every required variable that is missing.
    public init(environment: [String: String]) throws {
        let required = ["USERS_TABLE", "MOVIES_TABLE", "JWT_SECRET_ARN"]
        let missing = required.filter { (environment[$0] ?? "").isEmpty }
        guard missing.isEmpty else {
            throw ConfigurationError(missing: missing)
        }
        self.init(
            usersTable: environment["USERS_TABLE"]!, moviesTable: environment["MOVIES_TABLE"]!,
            jwtSecretId: environment["JWT_SECRET_ARN"]!,
            adminUsernames: Self.parseList(environment["ADMIN_USERNAMES"] ?? ""),
            issuer: environment["JWT_ISSUER"].flatMap { $0.isEmpty ? nil : $0 } ?? "movies-api",
            tokenLifetime: environment["JWT_TTL_SECONDS"].flatMap { Int64($0) } ?? 3600,
            secretCacheSeconds: environment["SECRET_CACHE_TTL_SECONDS"].flatMap { Int64($0) } ?? 300,
            bcryptCost: environment["BCRYPT_COST"].flatMap { Int($0) } ?? 12)
    }

    /// Splits `a, b,,c` into `{a, b, c}`.
    public static func parseList(_ value: String) -> Set<String> {
        Set(value.split(separator: ",").map { String($0).trimmed }.filter { !$0.isEmpty })
    }
}

/// Required environment variables are missing: a code, a message naming them, and no underlying cause.
public struct ConfigurationError: Error, Sendable, CustomStringConvertible {
    /// `missing_configuration`.
    public let code = "missing_configuration"
    /// The missing variables.
    public var missing: [String]
    /// The underlying error, if any.
    public var underlying: (any Error)?

    /// Creates the error.
    public init(missing: [String], underlying: (any Error)? = nil) {
        self.missing = missing
        self.underlying = underlying
    }

    /// Names the missing variables.
    public var message: String { "missing environment variables: \(missing.joined(separator: ", "))" }

    /// `code: message`.
    public var description: String { "\(code): \(message)" }
}
