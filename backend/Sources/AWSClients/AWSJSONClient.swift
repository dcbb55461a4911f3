import HoistSigV4

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// A client of an AWS JSON-protocol service (`X-Amz-Target`), signed with `HoistSigV4`.
public struct AWSJSONClient: Sendable {
    /// The signing name, e.g. `dynamodb`.
    public let service: String
    /// The target prefix, e.g. `DynamoDB_20120810`.
    public let targetPrefix: String
    /// `application/x-amz-json-1.0` or `-1.1`.
    public let contentType: String
    /// Credentials, region, endpoint.
    public let environment: AWSEnvironment
    /// The network edge.
    public let transport: any AWSHTTPTransport
    /// How many times a retryable failure is retried.
    public let maxRetries: Int

    /// Creates a client.
    public init(
        service: String, targetPrefix: String, jsonVersion: String, environment: AWSEnvironment,
        transport: any AWSHTTPTransport, maxRetries: Int = 2
    ) {
        self.service = service
        self.targetPrefix = targetPrefix
        self.contentType = "application/x-amz-json-\(jsonVersion)"
        self.environment = environment
        self.transport = transport
        self.maxRetries = maxRetries
    }

    /// Calls an operation with an encodable input and decodes its output.
    public func call<Output: Decodable>(
        _ operation: String, _ input: some Encodable, as output: Output.Type
    ) async throws -> Output {
        let body = try Array(JSONEncoder().encode(input))
        let bytes = try await send(operation, body: body)
        do {
            return try JSONDecoder().decode(Output.self, from: Data(bytes.isEmpty ? Array("{}".utf8) : bytes))
        } catch {
            throw AWSClientError(
                code: "InvalidResponse", message: "\(operation): undecodable answer", status: 200, underlying: error)
        }
    }

    /// Sends a signed request (retrying retryable failures) and returns the body of a 2xx answer.
    public func send(_ operation: String, body: [UInt8]) async throws -> [UInt8] {
        var attempt = 0
        while true {
            do {
                return try await sendOnce(operation, body: body)
            } catch let error as AWSClientError where error.isRetryable && attempt < maxRetries {
                attempt += 1
                try await Task.sleep(for: .milliseconds(50 << attempt))
            }
        }
    }

    /// The signed headers of a request (for tests).
    public func signedHeaders(operation: String, body: [UInt8], date: Date) -> [(name: String, value: String)] {
        let endpoint = environment.endpoint(for: service)
        let host = Self.host(of: endpoint)
        let headers: [(name: String, value: String)] = [
            ("host", host), ("content-type", contentType), ("x-amz-target", "\(targetPrefix).\(operation)"),
        ]
        let signer = SigV4Signer(credentials: environment.credentials, region: environment.region, service: service)
        let signature = signer.signHeaders(
            SigV4Request(method: "POST", path: "/", headers: headers), payload: .bytes(body), date: date)
        return headers + signature.headersToAdd
    }

    func sendOnce(_ operation: String, body: [UInt8]) async throws -> [UInt8] {
        let url = environment.endpoint(for: service) + "/"
        let headers = signedHeaders(operation: operation, body: body, date: Date())
        let answer: (status: Int, headers: [(name: String, value: String)], body: [UInt8])
        do {
            answer = try await transport.send(method: "POST", url: url, headers: headers, body: body)
        } catch {
            throw AWSClientError(code: "Transport", message: "\(service).\(operation) failed", underlying: error)
        }
        guard (200..<300).contains(answer.status) else {
            throw Self.decodeError(status: answer.status, headers: answer.headers, body: answer.body)
        }
        return answer.body
    }

    /// Decodes a JSON-protocol error: `__type` (or `x-amzn-ErrorType`) and `message`/`Message`.
    public static func decodeError(
        status: Int, headers: [(name: String, value: String)], body: [UInt8]
    ) -> AWSClientError {
        struct ErrorBody: Decodable {
            var type: String?
            var message: String?
            var upperMessage: String?
            enum CodingKeys: String, CodingKey {
                case type = "__type"
                case message
                case upperMessage = "Message"
            }
        }
        let decoded = try? JSONDecoder().decode(ErrorBody.self, from: Data(body))
        let headerType = headers.first { $0.name.lowercased() == "x-amzn-errortype" }?.value
        var code = decoded?.type ?? headerType ?? "HTTP\(status)"
        if let hash = code.lastIndex(of: "#") { code = String(code[code.index(after: hash)...]) }
        if let colon = code.firstIndex(of: ":") { code = String(code[..<colon]) }
        return AWSClientError(
            code: code, message: decoded?.message ?? decoded?.upperMessage ?? "HTTP \(status)", status: status)
    }

    /// `host[:port]` of a URL.
    static func host(of url: String) -> String {
        var rest = Substring(url)
        if let colon = rest.firstIndex(of: ":"), rest[colon...].hasPrefix("://") {
            rest = rest[rest.index(colon, offsetBy: 3)...]
        }
        if let slash = rest.firstIndex(of: "/") { rest = rest[..<slash] }
        if url.hasPrefix("https://") && rest.hasSuffix(":443") { rest = rest.dropLast(4) }
        if url.hasPrefix("http://") && rest.hasSuffix(":80") { rest = rest.dropLast(3) }
        return String(rest)
    }
}
