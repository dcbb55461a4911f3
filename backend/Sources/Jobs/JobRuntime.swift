import AWSClients
import LambdaRuntime

/// Runs one of the example's jobs as a Lambda custom runtime: the Runtime API loop around its handler, with the
/// movies table from the environment (`MOVIES_TABLE`, credentials and region as Lambda sets them).
public enum JobRuntime {
    /// Serves invocations with the handler `make` builds from the movies store.
    public static func run(
        environment: [String: String], _ make: @escaping @Sendable (any MovieRecordStore) -> LambdaHandler
    ) async throws {
        guard let endpoint = environment["AWS_LAMBDA_RUNTIME_API"], !endpoint.isEmpty else {
            throw RuntimeError(.missingEndpoint, "AWS_LAMBDA_RUNTIME_API is not set")
        }
        let loop = LambdaRuntimeLoop(client: LambdaRuntimeClient(transport: SocketRuntimeTransport(endpoint: endpoint)))
        try await loop.run {
            guard let table = environment["MOVIES_TABLE"], !table.isEmpty else {
                throw JobConfigurationError(variable: "MOVIES_TABLE")
            }
            let store = DynamoDBMovieRecords(
                client: DynamoDBClient(environment: try AWSEnvironment(environment: environment)), table: table)
            return make(store)
        }
    }
}
