/// Waiting for a published version (the alias and version calls are in Lambda+Aliases.swift).
extension Lambda {
    /// Polls one version until it is `Active`, as ``waitUntilActive(name:interval:maxAttempts:)`` does for the
    /// function: an alias should not send traffic to a version still `Pending`.
    public func waitUntilActive(name: String, version: String, interval: Double = 1, maxAttempts: Int = 300)
        async throws -> FunctionConfiguration
    {
        for attempt in 1...max(1, maxAttempts) {
            let configuration = try await getFunctionConfiguration(name: name, qualifier: version)
            switch configuration.state {
            case "Active", nil: return configuration
            case "Failed":
                throw AWSError(
                    service: "lambda", operation: "FunctionActive", status: 0, code: "WaiterFailed",
                    message: configuration.stateReason ?? "version \(version) failed to become active",
                    attempts: attempt)
            default: if attempt < maxAttempts { try await client.sleep(interval) }
            }
        }
        throw AWSError(
            service: "lambda", operation: "FunctionActive", status: 0, code: "WaiterTimedOut",
            message: "\(name):\(version) did not become active after \(maxAttempts) checks", attempts: maxAttempts)
    }
}
