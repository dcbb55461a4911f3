import Foundation

extension AWSService {
    /// Whether JSON members are camelCase (API Gateway v2, CloudWatch Logs) rather than PascalCase.
    var usesCamelCaseJSON: Bool { self == .apiGatewayV2 || self == .cloudWatchLogs }

    func jsonEncoder() -> JSONEncoder {
        usesCamelCaseJSON ? AWSJSONCoding.camelCaseEncoder() : AWSJSONCoding.pascalCaseEncoder()
    }

    func jsonDecoder() -> JSONDecoder {
        usesCamelCaseJSON ? AWSJSONCoding.camelCaseDecoder() : AWSJSONCoding.pascalCaseDecoder()
    }
}

extension AWSClient {
    /// Calls a json 1.0/1.1 operation (`X-Amz-Target`).
    public func json<Input: Encodable, Output: Decodable>(
        _ service: AWSService, _ operation: String, _ input: Input, as output: Output.Type = Output.self
    ) async throws -> Output {
        let body = try encode(input, service: service, operation: operation)
        let contentType = service.wireProtocol == .json10 ? "application/x-amz-json-1.0" : "application/x-amz-json-1.1"
        let response = try await send(
            AWSRequest(
                service: service, operation: operation, method: "POST", path: "/",
                headers: [
                    HTTPHeader("Content-Type", contentType),
                    HTTPHeader("X-Amz-Target", "\(service.targetPrefix).\(operation)"),
                ],
                body: .bytes(body)))
        return try decode(response, service: service, operation: operation)
    }

    /// Calls a rest-json operation; `path` is already percent-encoded.
    public func restJSON<Output: Decodable>(
        _ service: AWSService, _ operation: String, method: String, path: String,
        query: [(name: String, value: String)] = [], headers: [HTTPHeader] = [],
        body: (some Encodable)? = AWSEmpty?.none, as output: Output.Type = Output.self
    ) async throws -> Output {
        var bytes: [UInt8] = []
        var allHeaders = headers
        if let body {
            bytes = try encode(body, service: service, operation: operation)
            allHeaders.append(HTTPHeader("Content-Type", "application/json"))
        }
        let response = try await send(
            AWSRequest(
                service: service, operation: operation, method: method, path: path, query: query,
                headers: allHeaders, body: bytes.isEmpty && body == nil ? .none : .bytes(bytes)))
        return try decode(response, service: service, operation: operation)
    }

    /// Calls a query-protocol operation and returns its `<OperationResult>` element (or the root).
    public func query(
        _ service: AWSService, _ operation: String, _ parameters: [(name: String, value: String)]
    ) async throws -> AWSXMLNode {
        let form = ([("Action", operation), ("Version", service.apiVersion)] + parameters)
            .map { URIEncoding.encode($0.0) + "=" + URIEncoding.encode($0.1) }
            .joined(separator: "&")
        let response = try await send(
            AWSRequest(
                service: service, operation: operation, method: "POST", path: "/",
                headers: [HTTPHeader("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")],
                body: .bytes(Array(form.utf8))))
        let root: AWSXMLNode
        do {
            root = try AWSXMLNode.parse(response.body)
        } catch {
            throw invalidResponse(service, operation, response, error)
        }
        return root.child("\(operation)Result") ?? root
    }

    func encode(_ input: some Encodable, service: AWSService, operation: String) throws -> [UInt8] {
        do {
            return Array(try service.jsonEncoder().encode(input))
        } catch {
            throw AWSError(
                service: service.name, operation: operation, status: 0, code: "InvalidInput",
                message: "could not encode the request: \(error)")
        }
    }

    func decode<Output: Decodable>(_ response: HTTPResponse, service: AWSService, operation: String) throws -> Output {
        if Output.self == AWSEmpty.self { return AWSEmpty() as! Output }
        do {
            let body = response.body.isEmpty ? Array("{}".utf8) : response.body
            return try service.jsonDecoder().decode(Output.self, from: Data(body))
        } catch {
            throw invalidResponse(service, operation, response, error)
        }
    }

    func invalidResponse(
        _ service: AWSService, _ operation: String, _ response: HTTPResponse, _ error: any Error
    ) -> AWSError {
        AWSError(
            service: service.name, operation: operation, status: response.status, code: "InvalidResponse",
            message: "could not read the answer: \(error)",
            requestId: response.header("x-amzn-RequestId") ?? response.header("x-amz-request-id"))
    }
}

/// Percent-encoding for path segments built from names (function names, bucket keys).
public enum AWSPath {
    /// Encodes one segment: everything but unreserved characters.
    public static func segment(_ value: String) -> String { URIEncoding.encode(value) }

    /// Encodes an S3 key: segments encoded, slashes kept.
    public static func key(_ value: String) -> String { URIEncoding.encode(value, keepSlash: true) }

    /// Encodes an ARN used as a path segment, keeping its colons (legal in a path, and the form moto accepts).
    public static func arn(_ value: String) -> String {
        value.split(separator: ":", omittingEmptySubsequences: false).map { URIEncoding.encode(String($0)) }
            .joined(separator: ":")
    }
}
