import Foundation
import HoistAWS

/// What every driver call gets: the client, the deployment's scope (names, account, identities known so far), a
/// cache for list answers, and where to report.
@dynamicMemberLookup
public struct EngineContext: Sendable {
    /// The client calls go through.
    public let client: AWSClient
    /// Project, stage, account, region and identities.
    public let scope: DeploymentScope
    /// List answers shared by several reads.
    public let cache: ReadCache
    /// Receives one line per step.
    public let report: @Sendable (String) -> Void
    /// Seconds between waiter polls.
    public var pollInterval: Double = 1
    /// Attempts for what settles by itself (a role Lambda cannot assume yet, ResourceConflictException).
    public var eventualConsistencyAttempts = 8
    /// Counts the bytes of artifact uploads, for a progress bar; nil for none.
    public var progress: TransferProgress?
    /// What this apply deletes: a child whose parent goes too (a route of a deleted API) goes with it.
    public var deletions: Set<ResourceAddress> = []
    /// A canary deploy: aliases give the new version a share of traffic instead of moving; nil moves them.
    public var canary: CanaryLaunch?

    /// Creates a context.
    public init(client: AWSClient, scope: DeploymentScope, report: @escaping @Sendable (String) -> Void = { _ in }) {
        self.client = client
        self.scope = scope
        self.cache = ReadCache()
        self.report = report
    }

    /// The scope's properties, as if they were the context's (`context.account`, `context.names`).
    public subscript<T>(dynamicMember path: KeyPath<DeploymentScope, T>) -> T { scope[keyPath: path] }

    /// An ARN in this account (and region, unless the service is global).
    public func arn(_ service: String, _ resource: String, regional: Bool = true) -> ARN {
        scope.arn(service, resource, regional: regional)
    }

    /// Whether tags read back say this stage owns the resource.
    public func owns(_ tags: [String: String]) -> Bool { scope.ownership(tags) == .ours }

    /// Runs a create that AWS does not make idempotent, so that an answer lost after AWS acted never leaves a
    /// second resource: each attempt is sent once (no blind transport retry); after an error that may have followed
    /// AWS acting (a transport error, a 5xx) and after "already exists", `find` reads first, and what it finds is
    /// the result. `find` returns only a resource this stage owns.
    public func createOnce<T: Sendable>(
        _ address: ResourceAddress, alreadyExists: Set<String> = [], find: () async throws -> T?,
        create: (AWSClient) async throws -> T
    ) async throws -> T {
        var once = client.options
        once.resendOnDeadConnection = false
        let single = client.with(retry: RetryStrategy(maxAttempts: 1), options: once)
        var attempt = 0
        while true {
            attempt += 1
            do {
                return try await create(single)
            } catch let error as AWSError {
                let ambiguous = error.status == 0 || error.status >= 500
                if ambiguous || alreadyExists.contains(error.code) {
                    if let found = try await find() {
                        report("  \(address): \(error.code), and it exists: taking what AWS made")
                        return found
                    }
                    if alreadyExists.contains(error.code) {
                        throw EngineError(
                            code: .conflict, address: address,
                            message: "a resource of this name exists and is not this stage's",
                            hint: "see `hoist plan`; pass --adopt to take over an untagged one", underlying: error)
                    }
                }
                guard attempt < client.retry.maxAttempts, client.retry.isRetryable(error) else { throw error }
                report("  \(address): \(error.code), trying again (attempt \(attempt + 1))")
                try await client.sleep(client.retry.delay(afterAttempt: attempt, random: 0.5))
            }
        }
    }

    /// Retries what settles by itself: a role Lambda or EventBridge Scheduler cannot assume yet, a role policy
    /// Lambda does not see yet (an event source mapping's "execution role does not have permissions to call
    /// ReceiveMessage" right after the policy was put), and a function still updating (not a function that
    /// already exists: Lambda says that with the same code, and waiting does not change it).
    public func retryingEventualConsistency<T: Sendable>(_ address: ResourceAddress, _ body: () async throws -> T)
        async throws -> T
    {
        var attempt = 0
        while true {
            attempt += 1
            do {
                return try await body()
            } catch let error as AWSError
                where attempt < eventualConsistencyAttempts
                && ((error.code == "ResourceConflictException" && !error.message.contains("already exist"))
                    || (error.code == "InvalidParameterValueException"
                        && (error.message.contains("cannot be assumed")
                            || error.message.contains("execution role does not have permissions")))
                    || (error.code == "ValidationException" && error.message.contains("to assume the role")))
            {
                report("  \(address): \(error.code), retrying (attempt \(attempt + 1))")
                try await client.sleep(min(8, pollInterval * pow(2, Double(attempt - 1))))
            }
        }
    }

    /// The identity of `address`, or an error saying that it is needed and missing.
    public func require(_ address: ResourceAddress, for dependent: ResourceAddress) throws -> ResourceIdentity {
        guard let identity = scope.identities[address] else {
            throw EngineError(
                code: .missingDependency, address: dependent, message: "needs \(address), which does not exist",
                hint: "run `hoist plan` again")
        }
        return identity
    }
}
