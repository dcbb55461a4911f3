import Foundation

/// An alias's routing configuration: the versions other than its own that get a share of its traffic.
public struct AliasRoutingConfiguration: Codable, Sendable, Equatable {
    /// Version number → share of the alias's invocations (0…1); the alias's own version gets the rest.
    public var additionalVersionWeights: [String: Double]?

    /// Creates a routing configuration; an empty map removes every weight.
    public init(additionalVersionWeights: [String: Double]) {
        self.additionalVersionWeights = additionalVersionWeights
    }

    /// No additional versions: what UpdateAlias is sent to remove a canary's weights (leaving RoutingConfig out
    /// of UpdateAlias keeps the weights there).
    public static let noWeights = AliasRoutingConfiguration(additionalVersionWeights: [:])
}

extension AliasConfiguration {
    /// The routing weights, empty when the alias sends all traffic to its own version (whether the answer has
    /// no RoutingConfig or an empty one).
    public var weights: [String: Double] { routingConfig?.additionalVersionWeights ?? [:] }
}

/// The alias, version and qualifier calls of Lambda that releases and canaries use, beyond those of Lambda.swift.
extension Lambda {
    /// CreateAlias, optionally with a description and routing weights.
    public func createAlias(
        functionName: String, name: String, functionVersion: String, description: String? = nil,
        routingConfig: AliasRoutingConfiguration? = nil
    ) async throws -> AliasConfiguration {
        struct Input: Encodable {
            var name: String
            var functionVersion: String
            var description: String?
            var routingConfig: AliasRoutingConfiguration?
        }
        return try await client.restJSON(
            .lambda, "CreateAlias", method: "POST", path: functionPath(functionName, "/aliases"),
            body: Input(
                name: name, functionVersion: functionVersion, description: description, routingConfig: routingConfig))
    }

    /// UpdateAlias: `routingConfig` replaces the weights (``AliasRoutingConfiguration/noWeights`` removes them; nil
    /// leaves them as they are); nil `functionVersion` keeps the version. With `revisionId`, Lambda refuses the
    /// change (412 PreconditionFailedException) when the alias changed since it was read.
    public func updateAlias(
        functionName: String, name: String, functionVersion: String?, routingConfig: AliasRoutingConfiguration? = nil,
        revisionId: String? = nil
    ) async throws -> AliasConfiguration {
        struct Input: Encodable {
            var functionVersion: String?
            var routingConfig: AliasRoutingConfiguration?
            var revisionId: String?
        }
        return try await client.restJSON(
            .lambda, "UpdateAlias", method: "PUT",
            path: functionPath(functionName, "/aliases/\(AWSPath.segment(name))"),
            body: Input(functionVersion: functionVersion, routingConfig: routingConfig, revisionId: revisionId))
    }

    /// DeleteAlias.
    public func deleteAlias(functionName: String, name: String) async throws {
        let _: AWSEmpty = try await client.restJSON(
            .lambda, "DeleteAlias", method: "DELETE",
            path: functionPath(functionName, "/aliases/\(AWSPath.segment(name))"))
    }

    /// ListAliases: every alias of the function (or only those of one version), all pages.
    public func listAliases(functionName: String, functionVersion: String? = nil) async throws
        -> [AliasConfiguration]
    {
        struct Page: LambdaListPage {
            var aliases: [AliasConfiguration]?
            var nextMarker: String?
            var items: [AliasConfiguration] { aliases ?? [] }
        }
        return try await allPages(
            Page.self, "ListAliases", path: functionPath(functionName, "/aliases"),
            query: functionVersion.map { [("FunctionVersion", $0)] } ?? [])
    }

    /// PublishVersion: a numbered version of `$LATEST`, refused (412) unless `$LATEST` still has `codeSha256`
    /// and `revisionId` when they are given, so it publishes what was read, not a change someone made since.
    public func publishVersion(
        functionName: String, codeSha256: String? = nil, description: String? = nil, revisionId: String? = nil
    ) async throws -> FunctionConfiguration {
        struct Input: Encodable {
            var codeSha256: String?
            var description: String?
            var revisionId: String?
        }
        return try await client.restJSON(
            .lambda, "PublishVersion", method: "POST", path: functionPath(functionName, "/versions"),
            body: Input(codeSha256: codeSha256, description: description, revisionId: revisionId))
    }

    /// ListVersionsByFunction: `$LATEST` and every published version, all pages.
    public func listVersionsByFunction(functionName: String) async throws -> [FunctionConfiguration] {
        struct Page: LambdaListPage {
            var versions: [FunctionConfiguration]?
            var nextMarker: String?
            var items: [FunctionConfiguration] { versions ?? [] }
        }
        return try await allPages(Page.self, "ListVersionsByFunction", path: functionPath(functionName, "/versions"))
    }
}
