import Foundation

/// Where a function's or layer's code comes from: inline zip bytes or an S3 object.
public struct LambdaCode: Codable, Sendable, Equatable {
    /// The zip, base64-encoded (direct uploads up to 50 MB).
    public var zipFile: String?
    /// The bucket of an uploaded zip.
    public var s3Bucket: String?
    /// The key of an uploaded zip.
    public var s3Key: String?

    /// Inline zip bytes.
    public static func zip(_ bytes: [UInt8]) -> LambdaCode {
        LambdaCode(zipFile: Data(bytes).base64EncodedString(), s3Bucket: nil, s3Key: nil)
    }

    /// A zip already in S3.
    public static func s3(bucket: String, key: String) -> LambdaCode {
        LambdaCode(zipFile: nil, s3Bucket: bucket, s3Key: key)
    }

    enum CodingKeys: String, CodingKey {
        case zipFile = "ZipFile"
        case s3Bucket = "S3Bucket"
        case s3Key = "S3Key"
    }
}

/// A function's environment variables.
public struct LambdaEnvironment: Codable, Sendable, Equatable {
    /// Name → value.
    public var variables: [String: String]?

    /// Creates an environment.
    public init(variables: [String: String]) { self.variables = variables }
}

/// A layer attached to a function.
public struct LambdaLayerReference: Codable, Sendable, Equatable {
    /// The layer version's ARN.
    public var arn: String?
    /// Its size in bytes.
    public var codeSize: Int?
}

/// A function's configuration as Lambda reports it.
public struct FunctionConfiguration: Codable, Sendable, Equatable {
    /// The name.
    public var functionName: String?
    /// The ARN.
    public var functionArn: String?
    /// The runtime, e.g. `provided.al2023`.
    public var runtime: String?
    /// The execution role's ARN.
    public var role: String?
    /// The handler, `bootstrap` for custom runtimes.
    public var handler: String?
    /// The zip's size.
    public var codeSize: Int?
    /// base64(SHA-256(zip)).
    public var codeSha256: String?
    /// Timeout in seconds.
    public var timeout: Int?
    /// Memory in MB.
    public var memorySize: Int?
    /// The version (`$LATEST` or a number).
    public var version: String?
    /// The environment.
    public var environment: LambdaEnvironment?
    /// The revision for optimistic concurrency.
    public var revisionId: String?
    /// `Pending`, `Active`, `Inactive` or `Failed`.
    public var state: String?
    /// Why the state is what it is.
    public var stateReason: String?
    /// `InProgress`, `Successful` or `Failed`.
    public var lastUpdateStatus: String?
    /// Why the last update failed.
    public var lastUpdateStatusReason: String?
    /// Attached layers.
    public var layers: [LambdaLayerReference]?
    /// `x86_64` or `arm64`.
    public var architectures: [String]?
    /// The description.
    public var description: String?
    /// When it last changed (for a version: when it was published), ISO 8601.
    public var lastModified: String?
}

/// GetFunction's answer.
public struct GetFunctionOutput: Codable, Sendable, Equatable {
    /// The configuration.
    public var configuration: FunctionConfiguration?
    /// The function's tags.
    public var tags: [String: String]?
}

/// CreateFunction's input.
public struct CreateFunctionInput: Codable, Sendable, Equatable {
    /// The name.
    public var functionName: String
    /// The runtime.
    public var runtime: String
    /// The execution role's ARN.
    public var role: String
    /// The handler.
    public var handler: String
    /// The code.
    public var code: LambdaCode
    /// Timeout in seconds.
    public var timeout: Int?
    /// Memory in MB.
    public var memorySize: Int?
    /// The environment.
    public var environment: LambdaEnvironment?
    /// Layer version ARNs.
    public var layers: [String]?
    /// `x86_64` or `arm64`.
    public var architectures: [String]?
    /// Tags.
    public var tags: [String: String]?
    /// A description.
    public var description: String?
    /// Publish a version too.
    public var publish: Bool?

    /// Creates the input.
    public init(
        functionName: String, runtime: String, role: String, handler: String, code: LambdaCode, timeout: Int? = nil,
        memorySize: Int? = nil, environment: LambdaEnvironment? = nil, layers: [String]? = nil,
        architectures: [String]? = nil, tags: [String: String]? = nil, description: String? = nil,
        publish: Bool? = nil
    ) {
        self.functionName = functionName
        self.runtime = runtime
        self.role = role
        self.handler = handler
        self.code = code
        self.timeout = timeout
        self.memorySize = memorySize
        self.environment = environment
        self.layers = layers
        self.architectures = architectures
        self.tags = tags
        self.description = description
        self.publish = publish
    }
}

/// UpdateFunctionConfiguration's input: only the members set are changed.
public struct UpdateFunctionConfigurationInput: Codable, Sendable, Equatable {
    /// The execution role's ARN.
    public var role: String?
    /// The handler.
    public var handler: String?
    /// The runtime.
    public var runtime: String?
    /// Timeout in seconds.
    public var timeout: Int?
    /// Memory in MB.
    public var memorySize: Int?
    /// The environment (replaces the whole set).
    public var environment: LambdaEnvironment?
    /// Layer version ARNs (replaces the list).
    public var layers: [String]?
    /// A description.
    public var description: String?
    /// Fail with 412 unless the function is still at this revision.
    public var revisionId: String?

    /// Creates an input that changes nothing yet.
    public init() {}
}

/// A published layer version.
public struct LayerVersion: Codable, Sendable, Equatable {
    /// The layer's ARN (no version).
    public var layerArn: String?
    /// The version's ARN.
    public var layerVersionArn: String?
    /// The version number.
    public var version: Int?
    /// The description.
    public var description: String?
    /// The content's hash and size.
    public var content: LayerContent?
    /// Compatible runtimes.
    public var compatibleRuntimes: [String]?
}

/// A layer version's content summary.
public struct LayerContent: Codable, Sendable, Equatable {
    /// base64(SHA-256(zip)).
    public var codeSha256: String?
    /// The zip's size.
    public var codeSize: Int?
}

/// An alias of a function.
public struct AliasConfiguration: Codable, Sendable, Equatable {
    /// The alias's ARN.
    public var aliasArn: String?
    /// The alias name.
    public var name: String?
    /// The version it points at.
    public var functionVersion: String?
    /// The description.
    public var description: String?
    /// The other versions that get a share of its traffic (a canary), if any.
    public var routingConfig: AliasRoutingConfiguration?
    /// The revision.
    public var revisionId: String?
}

/// One page of a Lambda list call: its items and the marker of the next page, if any.
protocol LambdaListPage: Decodable {
    associatedtype Item
    var items: [Item] { get }
    var nextMarker: String? { get }
}

/// AWS Lambda: functions, layers, permissions, versions and aliases.
public struct Lambda: Sendable {
    /// The client calls go through.
    public let client: AWSClient

    /// Creates the service on a client.
    public init(client: AWSClient) { self.client = client }

    static let functions = "/2015-03-31/functions"
    static let layers = "/2018-10-31/layers"

    func functionPath(_ name: String, _ rest: String = "") -> String {
        "\(Self.functions)/\(AWSPath.segment(name))\(rest)"
    }

    /// Every page of a list call that pages with Marker and NextMarker (layers, versions, aliases).
    func allPages<Page: LambdaListPage>(
        _ page: Page.Type, _ operation: String, path: String, query: [(name: String, value: String)] = []
    ) async throws -> [Page.Item] {
        var items: [Page.Item] = []
        var marker: String?
        repeat {
            let output: Page = try await client.restJSON(
                .lambda, operation, method: "GET", path: path, query: query + (marker.map { [("Marker", $0)] } ?? []))
            items += output.items
            marker = output.nextMarker.flatMap { $0.isEmpty ? nil : $0 }
        } while marker != nil
        return items
    }

    /// CreateFunction.
    public func createFunction(_ input: CreateFunctionInput) async throws -> FunctionConfiguration {
        try await client.restJSON(.lambda, "CreateFunction", method: "POST", path: Self.functions, body: input)
    }

    /// ListFunctions: every function of the region (`$LATEST` configurations), all pages.
    public func listFunctions() async throws -> [FunctionConfiguration] {
        struct Page: LambdaListPage {
            var functions: [FunctionConfiguration]?
            var nextMarker: String?
            var items: [FunctionConfiguration] { functions ?? [] }
        }
        return try await allPages(Page.self, "ListFunctions", path: Self.functions)
    }

    /// GetFunction: configuration and tags.
    public func getFunction(name: String) async throws -> GetFunctionOutput {
        try await client.restJSON(.lambda, "GetFunction", method: "GET", path: functionPath(name))
    }

    /// GetFunctionConfiguration of `$LATEST`, or of one version or alias (`Qualifier`).
    public func getFunctionConfiguration(name: String, qualifier: String? = nil) async throws
        -> FunctionConfiguration
    {
        try await client.restJSON(
            .lambda, "GetFunctionConfiguration", method: "GET", path: functionPath(name, "/configuration"),
            query: Self.qualifierQuery(qualifier))
    }

    /// UpdateFunctionCode with new zip bytes or an S3 object.
    /// `architectures` moves the function to another instruction set with its new code, in place (nil keeps it).
    public func updateFunctionCode(
        name: String, code: LambdaCode, architectures: [String]? = nil, revisionId: String? = nil
    ) async throws -> FunctionConfiguration {
        struct Input: Encodable {
            var zipFile: String?
            var s3Bucket: String?
            var s3Key: String?
            var architectures: [String]?
            var revisionId: String?
            enum CodingKeys: String, CodingKey {
                case zipFile = "ZipFile"
                case s3Bucket = "S3Bucket"
                case s3Key = "S3Key"
                case architectures = "Architectures"
                case revisionId = "RevisionId"
            }
        }
        return try await client.restJSON(
            .lambda, "UpdateFunctionCode", method: "PUT", path: functionPath(name, "/code"),
            body: Input(
                zipFile: code.zipFile, s3Bucket: code.s3Bucket, s3Key: code.s3Key, architectures: architectures,
                revisionId: revisionId))
    }

    /// UpdateFunctionConfiguration.
    public func updateFunctionConfiguration(name: String, _ input: UpdateFunctionConfigurationInput) async throws
        -> FunctionConfiguration
    {
        try await client.restJSON(
            .lambda, "UpdateFunctionConfiguration", method: "PUT", path: functionPath(name, "/configuration"),
            body: input)
    }

    /// DeleteFunction: the function with all its versions and aliases, or one version (`Qualifier`; a version an
    /// alias points at is refused).
    public func deleteFunction(name: String, qualifier: String? = nil) async throws {
        let _: AWSEmpty = try await client.restJSON(
            .lambda, "DeleteFunction", method: "DELETE", path: functionPath(name), query: Self.qualifierQuery(qualifier)
        )
    }

    /// PublishLayerVersion from an S3 object or inline bytes.
    public func publishLayerVersion(
        layerName: String, content: LambdaCode, description: String? = nil, compatibleRuntimes: [String]? = nil,
        compatibleArchitectures: [String]? = nil
    ) async throws -> LayerVersion {
        struct Input: Encodable {
            var content: LambdaCode
            var description: String?
            var compatibleRuntimes: [String]?
            var compatibleArchitectures: [String]?
        }
        return try await client.restJSON(
            .lambda, "PublishLayerVersion", method: "POST",
            path: "\(Self.layers)/\(AWSPath.segment(layerName))/versions",
            body: Input(
                content: content, description: description, compatibleRuntimes: compatibleRuntimes,
                compatibleArchitectures: compatibleArchitectures))
    }

    /// ListLayerVersions: every version, newest first, all pages.
    public func listLayerVersions(layerName: String) async throws -> [LayerVersion] {
        struct Page: LambdaListPage {
            var layerVersions: [LayerVersion]?
            var nextMarker: String?
            var items: [LayerVersion] { layerVersions ?? [] }
        }
        return try await allPages(
            Page.self, "ListLayerVersions", path: "\(Self.layers)/\(AWSPath.segment(layerName))/versions")
    }

    /// GetLayerVersion.
    public func getLayerVersion(layerName: String, version: Int) async throws -> LayerVersion {
        try await client.restJSON(
            .lambda, "GetLayerVersion", method: "GET",
            path: "\(Self.layers)/\(AWSPath.segment(layerName))/versions/\(version)")
    }

    /// DeleteLayerVersion.
    public func deleteLayerVersion(layerName: String, version: Int) async throws {
        let _: AWSEmpty = try await client.restJSON(
            .lambda, "DeleteLayerVersion", method: "DELETE",
            path: "\(Self.layers)/\(AWSPath.segment(layerName))/versions/\(version)")
    }

    /// AddPermission: a resource-policy statement letting a principal invoke the function. A function URL's
    /// statements name its auth type (`lambda:InvokeFunctionUrl` with `functionUrlAuthType`) or hold only for
    /// invocations through a URL (`lambda:InvokeFunction` with `invokedViaFunctionUrl`).
    public func addPermission(
        functionName: String, statementId: String, action: String, principal: String, sourceArn: String? = nil,
        qualifier: String? = nil, functionUrlAuthType: String? = nil, invokedViaFunctionUrl: Bool? = nil
    ) async throws -> String {
        struct Input: Encodable {
            var statementId: String
            var action: String
            var principal: String
            var sourceArn: String?
            var functionUrlAuthType: String?
            var invokedViaFunctionUrl: Bool?
        }
        struct Output: Decodable { var statement: String? }
        let output: Output = try await client.restJSON(
            .lambda, "AddPermission", method: "POST", path: functionPath(functionName, "/policy"),
            query: Self.qualifierQuery(qualifier),
            body: Input(
                statementId: statementId, action: action, principal: principal, sourceArn: sourceArn,
                functionUrlAuthType: functionUrlAuthType, invokedViaFunctionUrl: invokedViaFunctionUrl))
        return output.statement ?? ""
    }

    /// RemovePermission.
    public func removePermission(functionName: String, statementId: String, qualifier: String? = nil) async throws {
        let _: AWSEmpty = try await client.restJSON(
            .lambda, "RemovePermission", method: "DELETE",
            path: functionPath(functionName, "/policy/\(AWSPath.segment(statementId))"),
            query: Self.qualifierQuery(qualifier))
    }

    /// GetPolicy: the resource policy document of the function, or of one alias or version of it.
    public func getPolicy(functionName: String, qualifier: String? = nil) async throws -> String {
        struct Output: Decodable { var policy: String? }
        let output: Output = try await client.restJSON(
            .lambda, "GetPolicy", method: "GET", path: functionPath(functionName, "/policy"),
            query: Self.qualifierQuery(qualifier))
        return output.policy ?? ""
    }

    /// `Qualifier=<alias or version>`, or nothing for the unqualified function.
    static func qualifierQuery(_ qualifier: String?) -> [(name: String, value: String)] {
        qualifier.map { [("Qualifier", $0)] } ?? []
    }

    /// GetAlias.
    public func getAlias(functionName: String, name: String) async throws -> AliasConfiguration {
        try await client.restJSON(
            .lambda, "GetAlias", method: "GET", path: functionPath(functionName, "/aliases/\(AWSPath.segment(name))"))
    }

    /// TagResource on a function (by ARN).
    public func tagResource(arn: String, tags: [String: String]) async throws {
        struct Input: Encodable { var tags: [String: String] }
        let _: AWSEmpty = try await client.restJSON(
            .lambda, "TagResource", method: "POST", path: "/2017-03-31/tags/\(AWSPath.arn(arn))",
            body: Input(tags: tags))
    }

    /// UntagResource: removes tags by key.
    public func untagResource(arn: String, keys: [String]) async throws {
        let _: AWSEmpty = try await client.restJSON(
            .lambda, "UntagResource", method: "DELETE", path: "/2017-03-31/tags/\(AWSPath.arn(arn))",
            query: keys.map { ("tagKeys", $0) })
    }

    /// PutFunctionConcurrency: reserves (and caps) concurrent executions.
    public func putFunctionConcurrency(name: String, reservedConcurrentExecutions: Int) async throws {
        struct Input: Encodable { var reservedConcurrentExecutions: Int }
        let _: AWSEmpty = try await client.restJSON(
            .lambda, "PutFunctionConcurrency", method: "PUT",
            path: "/2017-10-31/functions/\(AWSPath.segment(name))/concurrency",
            body: Input(reservedConcurrentExecutions: reservedConcurrentExecutions))
    }

    /// GetFunctionConcurrency: the reservation, or nil when there is none.
    public func getFunctionConcurrency(name: String) async throws -> Int? {
        struct Output: Decodable { var reservedConcurrentExecutions: Int? }
        let output: Output = try await client.restJSON(
            .lambda, "GetFunctionConcurrency", method: "GET",
            path: "/2019-09-30/functions/\(AWSPath.segment(name))/concurrency")
        return output.reservedConcurrentExecutions
    }

    /// DeleteFunctionConcurrency: removes the reservation.
    public func deleteFunctionConcurrency(name: String) async throws {
        let _: AWSEmpty = try await client.restJSON(
            .lambda, "DeleteFunctionConcurrency", method: "DELETE",
            path: "/2017-10-31/functions/\(AWSPath.segment(name))/concurrency")
    }

    /// Polls until the function, or one published `version` of it, is `Active` (botocore's FunctionActiveV2: every
    /// second, up to 300 times): an alias should not send traffic to a version still `Pending`.
    public func waitUntilActive(name: String, version: String? = nil, interval: Double = 1, maxAttempts: Int = 300)
        async throws -> FunctionConfiguration
    {
        try await poll(
            name: name, qualifier: version, operation: "FunctionActive", interval: interval, maxAttempts: maxAttempts
        ) {
            switch $0.state {
            case "Active": return .done
            case "Failed": return .failed($0.stateReason ?? "the function failed to become active")
            default: return .wait
            }
        }
    }

    /// Polls until the last update finished (botocore's FunctionUpdatedV2: every second, up to 300 times).
    public func waitUntilUpdated(name: String, interval: Double = 1, maxAttempts: Int = 300) async throws
        -> FunctionConfiguration
    {
        try await poll(name: name, operation: "FunctionUpdated", interval: interval, maxAttempts: maxAttempts) {
            switch $0.lastUpdateStatus {
            case "Successful", nil: return .done
            case "Failed": return .failed($0.lastUpdateStatusReason ?? "the update failed")
            default: return .wait
            }
        }
    }

    enum PollVerdict {
        case done, wait
        case failed(String)
    }

    func poll(
        name: String, qualifier: String? = nil, operation: String, interval: Double, maxAttempts: Int,
        verdict: (FunctionConfiguration) -> PollVerdict
    ) async throws -> FunctionConfiguration {
        for attempt in 1...max(1, maxAttempts) {
            let configuration = try await getFunctionConfiguration(name: name, qualifier: qualifier)
            switch verdict(configuration) {
            case .done:
                return configuration
            case .failed(let reason):
                throw AWSError(
                    service: "lambda", operation: operation, status: 0, code: "WaiterFailed", message: reason,
                    attempts: attempt)
            case .wait:
                if attempt < maxAttempts { try await client.sleep(interval) }
            }
        }
        throw AWSError(
            service: "lambda", operation: operation, status: 0, code: "WaiterTimedOut",
            message: "\(name) did not settle after \(maxAttempts) checks", attempts: maxAttempts)
    }
}
