/// The routing of an alias: the versions that get a share of its traffic besides its own (a canary).
public struct AliasRoutingConfiguration: Codable, Sendable, Equatable {
    /// Version → weight (0…1).
    public var additionalVersionWeights: [String: Double]?

    /// Creates one.
    public init(additionalVersionWeights: [String: Double]?) {
        self.additionalVersionWeights = additionalVersionWeights
    }
}

/// Versions, qualified reads and deletes, and alias routing: what releases and rollbacks call.
extension Lambda {
    /// ListVersionsByFunction, every page: `$LATEST` and the published versions, oldest first.
    public func listVersionsByFunction(name: String) async throws -> [FunctionConfiguration] {
        struct Output: Decodable {
            var versions: [FunctionConfiguration]?
            var nextMarker: String?
        }
        var versions: [FunctionConfiguration] = []
        var marker: String?
        repeat {
            var query: [(name: String, value: String)] = [("MaxItems", "50")]
            if let marker { query.append(("Marker", marker)) }
            let page: Output = try await client.restJSON(
                .lambda, "ListVersionsByFunction", method: "GET", path: functionPath(name, "/versions"), query: query)
            versions += page.versions ?? []
            marker = page.nextMarker.flatMap { $0.isEmpty ? nil : $0 }
        } while marker != nil
        return versions
    }

    /// GetFunctionConfiguration of one version or alias.
    public func getFunctionConfiguration(name: String, qualifier: String) async throws -> FunctionConfiguration {
        try await client.restJSON(
            .lambda, "GetFunctionConfiguration", method: "GET", path: functionPath(name, "/configuration"),
            query: [("Qualifier", qualifier)])
    }

    /// DeleteFunction of one version (never `$LATEST`: that deletes the function).
    public func deleteFunctionVersion(name: String, version: String) async throws {
        let _: AWSEmpty = try await client.restJSON(
            .lambda, "DeleteFunction", method: "DELETE", path: functionPath(name), query: [("Qualifier", version)])
    }

    /// PublishVersion that fails unless `$LATEST` still has `revisionId` (and `codeSha256`), so the version holds
    /// what the plan saw and not what someone changed since.
    public func publishVersion(name: String, codeSha256: String, description: String, revisionId: String?)
        async throws -> FunctionConfiguration
    {
        struct Input: Encodable {
            var codeSha256: String
            var description: String
            var revisionId: String?
        }
        return try await client.restJSON(
            .lambda, "PublishVersion", method: "POST", path: functionPath(name, "/versions"),
            body: Input(codeSha256: codeSha256, description: description, revisionId: revisionId))
    }

    /// CreateAlias with a description and routing.
    public func createAlias(
        functionName: String, name: String, functionVersion: String, description: String,
        routing: AliasRoutingConfiguration? = nil
    ) async throws -> AliasConfiguration {
        struct Input: Encodable {
            var name: String
            var functionVersion: String
            var description: String
            var routingConfig: AliasRoutingConfiguration?
        }
        return try await client.restJSON(
            .lambda, "CreateAlias", method: "POST", path: functionPath(functionName, "/aliases"),
            body: Input(name: name, functionVersion: functionVersion, description: description, routingConfig: routing))
    }

    /// UpdateAlias: the version and the routing (an empty weight map removes a canary), guarded by the alias's
    /// RevisionId when given.
    public func updateAlias(
        functionName: String, name: String, functionVersion: String, routing: AliasRoutingConfiguration,
        revisionId: String?
    ) async throws -> AliasConfiguration {
        struct Input: Encodable {
            var functionVersion: String
            var routingConfig: AliasRoutingConfiguration
            var revisionId: String?
        }
        return try await client.restJSON(
            .lambda, "UpdateAlias", method: "PUT",
            path: functionPath(functionName, "/aliases/\(AWSPath.segment(name))"),
            body: Input(functionVersion: functionVersion, routingConfig: routing, revisionId: revisionId))
    }

    /// DeleteAlias.
    public func deleteAlias(functionName: String, name: String) async throws {
        let _: AWSEmpty = try await client.restJSON(
            .lambda, "DeleteAlias", method: "DELETE",
            path: functionPath(functionName, "/aliases/\(AWSPath.segment(name))"))
    }
}

extension Lambda {
    /// ListAliases, every page.
    public func listAliases(functionName: String) async throws -> [AliasConfiguration] {
        struct Output: Decodable {
            var aliases: [AliasConfiguration]?
            var nextMarker: String?
        }
        var aliases: [AliasConfiguration] = []
        var marker: String?
        repeat {
            var query: [(name: String, value: String)] = [("MaxItems", "50")]
            if let marker { query.append(("Marker", marker)) }
            let page: Output = try await client.restJSON(
                .lambda, "ListAliases", method: "GET", path: functionPath(functionName, "/aliases"), query: query)
            aliases += page.aliases ?? []
            marker = page.nextMarker.flatMap { $0.isEmpty ? nil : $0 }
        } while marker != nil
        return aliases
    }

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
