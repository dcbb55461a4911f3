import AWSClients
import LambdaRuntime

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Builds the app from the environment and turns it into a Lambda handler; `main.swift` only calls this.
public enum BackendFactory {
    /// The app for an environment: DynamoDB and Secrets Manager, or memory when `BACKEND_STORE=memory`
    /// (local runs and benchmarks only; the key then comes from `LOCAL_JWT_SECRET`, kid `local`).
    public static func makeApp(environment: [String: String], logger: JSONLogger = JSONLogger()) throws -> MoviesApp {
        if environment["BACKEND_STORE"] == "memory" {
            let secret = environment["LOCAL_JWT_SECRET"] ?? ""
            guard secret.utf8.count >= 32 else {
                throw ConfigurationError(missing: ["LOCAL_JWT_SECRET (32 bytes or more)"])
            }
            let keys = StaticKeyProvider(SigningKeys(current: SigningKey(kid: "local", secret: Array(secret.utf8))))
            return MoviesApp(
                users: InMemoryUserStore(), movies: InMemoryMovieStore(), tokens: TokenService(keyProvider: keys),
                hasher: PasswordHasher(cost: environment["BCRYPT_COST"].flatMap { Int($0) } ?? 12),
                adminUsernames: AppConfiguration.parseList(environment["ADMIN_USERNAMES"] ?? ""), logger: logger)
        }
        let configuration = try AppConfiguration(environment: environment)
        let aws = try AWSEnvironment(environment: environment)
        let dynamo = DynamoDBClient(environment: aws)
        let keys = SecretsKeyProvider(
            client: SecretsManagerClient(environment: aws), secretId: configuration.jwtSecretId,
            ttlSeconds: configuration.secretCacheSeconds)
        return MoviesApp(
            users: DynamoDBUserStore(dynamo: dynamo, table: configuration.usersTable),
            movies: DynamoDBMovieStore(dynamo: dynamo, table: configuration.moviesTable),
            tokens: TokenService(
                keyProvider: keys, issuer: configuration.issuer, lifetime: configuration.tokenLifetime),
            hasher: PasswordHasher(cost: configuration.bcryptCost), adminUsernames: configuration.adminUsernames,
            logger: logger)
    }

    /// The Lambda handler of an app: decode the payload 2.0 event, answer it, encode the response.
    ///
    /// An event that is not an HTTP API request may be an operator task (`AdminTask`), which only a direct
    /// invocation can send; anything else fails the invocation.
    public static func handler(for app: MoviesApp) -> LambdaHandler {
        { event, invocation in
            let request: APIGatewayV2Request
            do {
                request = try JSONDecoder().decode(APIGatewayV2Request.self, from: Data(event))
            } catch {
                if let task = try adminTask(in: event) {
                    app.logger.info("operator task", requestId: invocation.requestId, ["action": task.action.rawValue])
                    let encoder = JSONEncoder()
                    encoder.outputFormatting = .sortedKeys
                    return try Array(encoder.encode(["hoist_admin": try await app.run(task)]))
                }
                app.logger.error("event is not an HTTP API payload 2.0", requestId: invocation.requestId)
                throw error
            }
            let response = await app.handle(request, requestId: invocation.requestId)
            return try Array(JSONEncoder().encode(response))
        }
    }

    /// The operator task in an event, nil when the event has no `hoist_admin` key (a malformed task throws).
    static func adminTask(in event: [UInt8]) throws -> AdminTask? {
        struct Probe: Decodable {
            var task: JSONValue?
            enum CodingKeys: String, CodingKey { case task = "hoist_admin" }
        }
        guard (try? JSONDecoder().decode(Probe.self, from: Data(event)))?.task != nil else { return nil }
        return try JSONDecoder().decode(AdminTask.self, from: Data(event))
    }

    /// The rotation handler of `HOIST_ROTATION_HANDLER=1`: rotates `JWT_SECRET_ARN` only, with
    /// `ROTATION_SECRET_LENGTH` random bytes (default 64). Needs no table.
    public static func makeRotationHandler(environment: [String: String], logger: JSONLogger = JSONLogger()) throws
        -> SecretRotationHandler
    {
        guard let secretId = environment["JWT_SECRET_ARN"], !secretId.isEmpty else {
            throw ConfigurationError(missing: ["JWT_SECRET_ARN"])
        }
        let aws = try AWSEnvironment(environment: environment)
        return SecretRotationHandler(
            store: SecretsManagerRotationStore(client: SecretsManagerClient(environment: aws)), secretId: secretId,
            length: environment["ROTATION_SECRET_LENGTH"].flatMap { Int($0) } ?? 64, logger: logger)
    }

    /// The Lambda handler of the rotation function: decode the rotation event, run the step, answer `{}`.
    public static func handler(for rotation: SecretRotationHandler) -> LambdaHandler {
        { event, invocation in
            let decoded: RotationEvent
            do {
                decoded = try JSONDecoder().decode(RotationEvent.self, from: Data(event))
            } catch {
                rotation.logger.error("event is not a rotation event", requestId: invocation.requestId)
                throw error
            }
            do {
                try await rotation.handle(decoded)
            } catch {
                rotation.logger.error("rotation step failed", requestId: invocation.requestId, ["error": "\(error)"])
                throw error
            }
            return Array("{}".utf8)
        }
    }

    /// Runs the Lambda custom runtime against `AWS_LAMBDA_RUNTIME_API` until it fails.
    public static func runLambda(environment: [String: String]) async throws {
        guard let endpoint = environment["AWS_LAMBDA_RUNTIME_API"], !endpoint.isEmpty else {
            throw RuntimeError(.missingEndpoint, "AWS_LAMBDA_RUNTIME_API is not set")
        }
        let logger = JSONLogger()
        let loop = LambdaRuntimeLoop(
            client: LambdaRuntimeClient(transport: SocketRuntimeTransport(endpoint: endpoint)))
        let maxInvocations = environment["BACKEND_MAX_INVOCATIONS"].flatMap { Int($0) }
        try await loop.run(maxInvocations: maxInvocations) {
            do {
                if environment["HOIST_ROTATION_HANDLER"] == "1" {
                    return handler(for: try makeRotationHandler(environment: environment, logger: logger))
                }
                return handler(for: try makeApp(environment: environment, logger: logger))
            } catch {
                logger.error("init failed", ["error": "\(error)"])
                throw error
            }
        }
    }
}
