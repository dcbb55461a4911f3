import Foundation

/// CORS settings of an HTTP API.
public struct APIGatewayCors: Codable, Sendable, Equatable {
    /// Allowed origins.
    public var allowOrigins: [String]?
    /// Allowed methods.
    public var allowMethods: [String]?
    /// Allowed request headers.
    public var allowHeaders: [String]?
    /// Headers exposed to the browser.
    public var exposeHeaders: [String]?
    /// Preflight cache seconds.
    public var maxAge: Int?
    /// Whether credentials are allowed.
    public var allowCredentials: Bool?

    /// Creates CORS settings.
    public init(
        allowOrigins: [String]? = nil, allowMethods: [String]? = nil, allowHeaders: [String]? = nil,
        exposeHeaders: [String]? = nil, maxAge: Int? = nil, allowCredentials: Bool? = nil
    ) {
        self.allowOrigins = allowOrigins
        self.allowMethods = allowMethods
        self.allowHeaders = allowHeaders
        self.exposeHeaders = exposeHeaders
        self.maxAge = maxAge
        self.allowCredentials = allowCredentials
    }
}

/// An HTTP API.
public struct APIGatewayAPI: Codable, Sendable, Equatable {
    /// The id.
    public var apiId: String?
    /// The invoke URL base.
    public var apiEndpoint: String?
    /// The name.
    public var name: String?
    /// `HTTP` or `WEBSOCKET`.
    public var protocolType: String?
    /// CORS settings.
    public var corsConfiguration: APIGatewayCors?
    /// Tags.
    public var tags: [String: String]?
}

/// An integration of an HTTP API.
public struct APIGatewayIntegration: Codable, Sendable, Equatable {
    /// The id.
    public var integrationId: String?
    /// `AWS_PROXY` for Lambda.
    public var integrationType: String?
    /// The function's ARN.
    public var integrationUri: String?
    /// `2.0` for HTTP API payloads.
    public var payloadFormatVersion: String?
    /// The method used to call the integration.
    public var integrationMethod: String?
    /// Milliseconds before API Gateway gives up.
    public var timeoutInMillis: Int?

    /// Creates an integration description.
    public init(
        integrationId: String? = nil, integrationType: String? = nil, integrationUri: String? = nil,
        payloadFormatVersion: String? = nil, integrationMethod: String? = nil, timeoutInMillis: Int? = nil
    ) {
        self.integrationId = integrationId
        self.integrationType = integrationType
        self.integrationUri = integrationUri
        self.payloadFormatVersion = payloadFormatVersion
        self.integrationMethod = integrationMethod
        self.timeoutInMillis = timeoutInMillis
    }
}

/// A route of an HTTP API.
public struct APIGatewayRoute: Codable, Sendable, Equatable {
    /// The id.
    public var routeId: String?
    /// `GET /movies`, `$default`, ….
    public var routeKey: String?
    /// `integrations/<id>`.
    public var target: String?
}

/// A stage of an HTTP API.
public struct APIGatewayStage: Codable, Sendable, Equatable {
    /// The name, `$default` for the root stage.
    public var stageName: String?
    /// Whether changes deploy automatically.
    public var autoDeploy: Bool?
    /// Tags.
    public var tags: [String: String]?
}

/// Amazon API Gateway v2: HTTP APIs with Lambda proxy integrations.
public struct APIGatewayV2: Sendable {
    /// The client calls go through.
    public let client: AWSClient

    /// Creates the service on a client.
    public init(client: AWSClient) { self.client = client }

    struct Page<Item: Decodable>: Decodable {
        var items: [Item]?
        var nextToken: String?
    }

    func allPages<Item: Decodable>(_ operation: String, path: String) async throws -> [Item] {
        var items: [Item] = []
        var token: String?
        repeat {
            let page: Page<Item> = try await client.restJSON(
                .apiGatewayV2, operation, method: "GET", path: path, query: token.map { [("nextToken", $0)] } ?? [])
            items += page.items ?? []
            token = page.nextToken.flatMap { $0.isEmpty ? nil : $0 }
        } while token != nil
        return items
    }

    /// CreateApi: an HTTP API.
    public func createApi(name: String, cors: APIGatewayCors? = nil, tags: [String: String] = [:]) async throws
        -> APIGatewayAPI
    {
        struct Input: Encodable {
            var name: String
            var protocolType = "HTTP"
            var corsConfiguration: APIGatewayCors?
            var tags: [String: String]?
        }
        return try await client.restJSON(
            .apiGatewayV2, "CreateApi", method: "POST", path: "/v2/apis",
            body: Input(name: name, corsConfiguration: cors, tags: tags.isEmpty ? nil : tags))
    }

    /// GetApis: every API of the account and region.
    public func getApis() async throws -> [APIGatewayAPI] {
        try await allPages("GetApis", path: "/v2/apis")
    }

    /// GetApi.
    public func getApi(id: String) async throws -> APIGatewayAPI {
        try await client.restJSON(.apiGatewayV2, "GetApi", method: "GET", path: "/v2/apis/\(AWSPath.segment(id))")
    }

    /// DeleteApi.
    public func deleteApi(id: String) async throws {
        let _: AWSEmpty = try await client.restJSON(
            .apiGatewayV2, "DeleteApi", method: "DELETE", path: "/v2/apis/\(AWSPath.segment(id))")
    }

    /// CreateIntegration.
    public func createIntegration(apiId: String, _ integration: APIGatewayIntegration) async throws
        -> APIGatewayIntegration
    {
        try await client.restJSON(
            .apiGatewayV2, "CreateIntegration", method: "POST",
            path: "/v2/apis/\(AWSPath.segment(apiId))/integrations", body: integration)
    }

    /// GetIntegrations.
    public func getIntegrations(apiId: String) async throws -> [APIGatewayIntegration] {
        try await allPages("GetIntegrations", path: "/v2/apis/\(AWSPath.segment(apiId))/integrations")
    }

    /// UpdateIntegration: changes the members set in `changes`.
    public func updateIntegration(apiId: String, integrationId: String, _ changes: APIGatewayIntegration) async throws
        -> APIGatewayIntegration
    {
        try await client.restJSON(
            .apiGatewayV2, "UpdateIntegration", method: "PATCH",
            path: "/v2/apis/\(AWSPath.segment(apiId))/integrations/\(AWSPath.segment(integrationId))", body: changes)
    }

    /// CreateRoute targeting an integration.
    public func createRoute(apiId: String, routeKey: String, integrationId: String) async throws -> APIGatewayRoute {
        struct Input: Encodable {
            var routeKey: String
            var target: String
        }
        return try await client.restJSON(
            .apiGatewayV2, "CreateRoute", method: "POST", path: "/v2/apis/\(AWSPath.segment(apiId))/routes",
            body: Input(routeKey: routeKey, target: "integrations/\(integrationId)"))
    }

    /// GetRoutes.
    public func getRoutes(apiId: String) async throws -> [APIGatewayRoute] {
        try await allPages("GetRoutes", path: "/v2/apis/\(AWSPath.segment(apiId))/routes")
    }

    /// UpdateRoute: points a route at an integration.
    public func updateRoute(apiId: String, routeId: String, integrationId: String) async throws -> APIGatewayRoute {
        struct Input: Encodable { var target: String }
        return try await client.restJSON(
            .apiGatewayV2, "UpdateRoute", method: "PATCH",
            path: "/v2/apis/\(AWSPath.segment(apiId))/routes/\(AWSPath.segment(routeId))",
            body: Input(target: "integrations/\(integrationId)"))
    }

    /// DeleteRoute.
    public func deleteRoute(apiId: String, routeId: String) async throws {
        let _: AWSEmpty = try await client.restJSON(
            .apiGatewayV2, "DeleteRoute", method: "DELETE",
            path: "/v2/apis/\(AWSPath.segment(apiId))/routes/\(AWSPath.segment(routeId))")
    }

    /// UpdateApi: replaces the API's CORS settings.
    public func updateApi(id: String, cors: APIGatewayCors) async throws -> APIGatewayAPI {
        struct Input: Encodable { var corsConfiguration: APIGatewayCors }
        return try await client.restJSON(
            .apiGatewayV2, "UpdateApi", method: "PATCH", path: "/v2/apis/\(AWSPath.segment(id))",
            body: Input(corsConfiguration: cors))
    }

    /// DeleteCorsConfiguration: the API answers no preflight any more.
    public func deleteCorsConfiguration(apiId: String) async throws {
        let _: AWSEmpty = try await client.restJSON(
            .apiGatewayV2, "DeleteCorsConfiguration", method: "DELETE", path: "/v2/apis/\(AWSPath.segment(apiId))/cors")
    }

    /// TagResource: adds or overwrites tags of an API Gateway resource.
    public func tagResource(arn: String, tags: [String: String]) async throws {
        struct Input: Encodable { var tags: [String: String] }
        let _: AWSEmpty = try await client.restJSON(
            .apiGatewayV2, "TagResource", method: "POST", path: "/v2/tags/\(AWSPath.segment(arn))",
            body: Input(tags: tags))
    }

    /// UntagResource: removes tags by key.
    public func untagResource(arn: String, keys: [String]) async throws {
        let _: AWSEmpty = try await client.restJSON(
            .apiGatewayV2, "UntagResource", method: "DELETE", path: "/v2/tags/\(AWSPath.segment(arn))",
            query: keys.map { ("tagKeys", $0) })
    }

    /// CreateStage, by default `$default` with auto-deploy.
    public func createStage(apiId: String, name: String = "$default", autoDeploy: Bool = true) async throws
        -> APIGatewayStage
    {
        struct Input: Encodable {
            var stageName: String
            var autoDeploy: Bool
        }
        return try await client.restJSON(
            .apiGatewayV2, "CreateStage", method: "POST", path: "/v2/apis/\(AWSPath.segment(apiId))/stages",
            body: Input(stageName: name, autoDeploy: autoDeploy))
    }

    /// GetStages.
    public func getStages(apiId: String) async throws -> [APIGatewayStage] {
        try await allPages("GetStages", path: "/v2/apis/\(AWSPath.segment(apiId))/stages")
    }
}
