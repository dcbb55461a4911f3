import AWSClients
import LambdaRuntime

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// Runs one of the example's jobs as a Lambda custom runtime: the Runtime API loop around its handler, with the
/// movies table from the environment (`MOVIES_TABLE`, credentials and region as Lambda sets them).
public enum JobRuntime {
    /// The process's whole life, as Backend's main: the loop runs detached on the global executor and the main
    /// thread sleeps until the loop exits the process (0 when it ends, 1 on a runtime error), so the main thread
    /// never ends in dispatch_main() and its costly forced unwind.
    public static func main(
        environment: [String: String], _ make: @escaping @Sendable (any MovieRecordStore) -> LambdaHandler
    ) -> Never {
        Task.detached {
            do {
                try await run(environment: environment, make)
                exit(0)
            } catch {
                print("runtime stopped: \(error)")
                exit(1)
            }
        }
        // Signals reach this thread only: the executor's threads block them, and a parent may hand over a mask.
        var unblocked = sigset_t()
        sigemptyset(&unblocked)
        pthread_sigmask(SIG_SETMASK, &unblocked, nil)
        while true { pause() }
    }

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
