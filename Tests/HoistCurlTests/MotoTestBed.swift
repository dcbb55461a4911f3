import Foundation
import HoistAWS
import HoistCurl
import Testing

/// The moto_server that scripts/test.sh started: endpoint and admin keys from `HOIST_TEST_MOTO`.
struct MotoTestBed: Sendable {
    let endpoint: String
    let region: String
    let accessKeyId: String
    let secretAccessKey: String
    let adminArn: String

    static let statePath = ProcessInfo.processInfo.environment["HOIST_TEST_MOTO"]
    static let required = ProcessInfo.processInfo.environment["HOIST_REQUIRE_MOTO"] == "1"

    static let shared: MotoTestBed? = {
        guard let statePath, let data = FileManager.default.contents(atPath: statePath),
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        else { return nil }
        return MotoTestBed(
            endpoint: object["endpoint"] as? String ?? "", region: object["region"] as? String ?? "us-east-1",
            accessKeyId: object["accessKeyId"] as? String ?? "",
            secretAccessKey: object["secretAccessKey"] as? String ?? "",
            adminArn: object["adminArn"] as? String ?? "")
    }()

    /// Run when the server is there, and also when it is required (the test then fails on `bed()`).
    static var shouldRun: Bool { shared != nil || required }

    static let skipNote: Comment =
        "moto_server not configured: run scripts/test.sh (HOIST_TEST_MOTO names its state file)"

    /// The test bed, or a failure when it is required but missing.
    static func bed() throws -> MotoTestBed {
        try #require(shared, "HOIST_REQUIRE_MOTO=1 but no moto state at \(statePath ?? "(unset)")")
    }

    var credentials: AWSCredentials { AWSCredentials(accessKeyId: accessKeyId, secretAccessKey: secretAccessKey) }

    /// A client over libcurl signed with the admin key (or the given credentials).
    func client(
        transport: (any HTTPTransport)? = nil, credentials: AWSCredentials? = nil,
        retry: RetryStrategy = RetryStrategy()
    ) -> AWSClient {
        AWSClient(
            transport: transport ?? CurlTransport(),
            credentialProvider: StaticCredentialProvider(credentials ?? self.credentials), region: region,
            environment: AWSEnvironment(variables: [:], endpointOption: endpoint), retry: retry,
            sleep: { _ in })
    }

    /// A name no other test uses.
    static func unique(_ prefix: String) -> String {
        "\(prefix)-\(UUID().uuidString.prefix(8).lowercased())"
    }
}

/// Records every exchange, to prove no call met a signature failure.
final class RecordingTransport: HTTPTransport, @unchecked Sendable {
    let inner: any HTTPTransport
    private let lock = NSLock()
    private(set) var exchanges: [(request: HTTPRequest, status: Int, body: String)] = []

    init(_ inner: any HTTPTransport) { self.inner = inner }

    func send(_ request: HTTPRequest, options: HTTPRequestOptions) async throws -> HTTPResponse {
        let response = try await inner.send(request, options: options)
        lock.withLock {
            exchanges.append((request, response.status, String(decoding: response.body.prefix(2000), as: UTF8.self)))
        }
        return response
    }

    var signatureFailures: [String] {
        lock.withLock {
            exchanges.filter {
                $0.body.contains("SignatureDoesNotMatch") || $0.body.contains("InvalidSignature")
                    || $0.body.contains("IncompleteSignature") || $0.body.contains("InvalidClientTokenId")
            }.map { "\($0.request.method) \($0.request.url): \($0.body)" }
        }
    }

    var count: Int { lock.withLock { exchanges.count } }
}

/// Answers the first `failures` calls with an injected error, then passes through.
final class FlakyTransport: HTTPTransport, @unchecked Sendable {
    enum Fault: Sendable {
        case throttle, serviceUnavailable, reset, validation
    }

    let inner: any HTTPTransport
    let fault: Fault
    private let lock = NSLock()
    private var remaining: Int
    private(set) var calls = 0

    init(_ inner: any HTTPTransport, fault: Fault, failures: Int) {
        self.inner = inner
        self.fault = fault
        self.remaining = failures
    }

    func send(_ request: HTTPRequest, options: HTTPRequestOptions) async throws -> HTTPResponse {
        let inject = lock.withLock {
            calls += 1
            guard remaining > 0 else { return false }
            remaining -= 1
            return true
        }
        guard inject else { return try await inner.send(request, options: options) }
        switch fault {
        case .throttle:
            return HTTPResponse(
                status: 400, headers: [HTTPHeader("x-amzn-RequestId", "throttled-1")],
                body: Array(
                    "<ErrorResponse><Error><Code>Throttling</Code><Message>Rate exceeded</Message></Error></ErrorResponse>"
                        .utf8))
        case .serviceUnavailable:
            return HTTPResponse(status: 503, body: Array("Service Unavailable".utf8))
        case .reset:
            throw TransportError(code: .connectionReset, message: "connection reset by peer", url: request.url)
        case .validation:
            return HTTPResponse(
                status: 400,
                body: Array(
                    "<ErrorResponse><Error><Code>ValidationError</Code><Message>bad</Message></Error></ErrorResponse>"
                        .utf8))
        }
    }
}
