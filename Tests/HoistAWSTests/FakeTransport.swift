import Foundation
import HoistAWS

/// An in-memory ``HTTPTransport``: answers from a script, one step per call, and records every request.
final class FakeTransport: HTTPTransport, @unchecked Sendable {
    /// What one call does.
    enum Step: Sendable {
        /// Answers with this response.
        case respond(HTTPResponse)
        /// Throws this transport error.
        case fail(TransportError)
        /// Computes the answer from the request (routing fakes).
        case handle(@Sendable (HTTPRequest) throws -> HTTPResponse)
    }

    private let lock = NSLock()
    private var script: [Step]
    private let otherwise: Step?
    private var recorded: [HTTPRequest] = []
    private var recordedOptions: [HTTPRequestOptions] = []

    /// A transport that plays `script` in order, then `otherwise` for every further call (or fails).
    init(_ script: [Step] = [], otherwise: Step? = nil) {
        self.script = script
        self.otherwise = otherwise
    }

    /// A transport that answers every call through `handler`.
    convenience init(handler: @escaping @Sendable (HTTPRequest) throws -> HTTPResponse) {
        self.init([], otherwise: .handle(handler))
    }

    /// Appends steps to the script.
    func enqueue(_ steps: Step...) {
        lock.withLock { script += steps }
    }

    /// Every request received, in order.
    var requests: [HTTPRequest] { lock.withLock { recorded } }

    /// The options of every request received, in order.
    var options: [HTTPRequestOptions] { lock.withLock { recordedOptions } }

    /// How many requests were received.
    var callCount: Int { lock.withLock { recorded.count } }

    func send(_ request: HTTPRequest, options: HTTPRequestOptions) async throws -> HTTPResponse {
        let step: Step? = lock.withLock {
            recorded.append(request)
            recordedOptions.append(options)
            return script.isEmpty ? otherwise : script.removeFirst()
        }
        switch step {
        case .respond(let response):
            return response
        case .fail(let error):
            throw error
        case .handle(let handler):
            return try handler(request)
        case nil:
            throw TransportError(
                code: .other, message: "FakeTransport: no scripted answer for \(request.method)", url: request.url)
        }
    }
}

extension HTTPRequest {
    /// The first value of a header, matched case-insensitively.
    func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    /// All values of a header, matched case-insensitively.
    func headers(named name: String) -> [String] {
        headers.filter { $0.name.lowercased() == name.lowercased() }.map(\.value)
    }

    /// The in-memory body as text ("" for none).
    var bodyText: String {
        if case .bytes(let bytes) = body { return String(decoding: bytes, as: UTF8.self) }
        return ""
    }

    /// The form-encoded body decoded into pairs (query protocol).
    var formParameters: [String: String] {
        var result: [String: String] = [:]
        for pair in bodyText.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = URIEncoding.decode(String(parts[0]), plusAsSpace: true)
            result[name] = parts.count > 1 ? URIEncoding.decode(String(parts[1]), plusAsSpace: true) : ""
        }
        return result
    }
}

extension HTTPResponse {
    /// A response with a text body.
    static func text(_ status: Int, _ body: String, headers: [HTTPHeader] = []) -> HTTPResponse {
        HTTPResponse(status: status, headers: headers, body: Array(body.utf8))
    }

    /// A response whose body is a fixture file.
    static func fixture(_ status: Int, _ path: String, headers: [HTTPHeader] = []) throws -> HTTPResponse {
        HTTPResponse(status: status, headers: headers, body: try Fixture.bytes(path))
    }
}

/// Files under `Tests/HoistAWSTests/Fixtures/`.
enum Fixture {
    struct Missing: Error, CustomStringConvertible {
        var path: String
        var description: String { "fixture \(path) is missing" }
    }

    /// The URL of a fixture file, e.g. `errors/query-throttling.xml`.
    static func url(_ path: String) throws -> URL {
        guard let folder = Bundle.module.url(forResource: "Fixtures", withExtension: nil) else {
            throw Missing(path: "Fixtures")
        }
        let url = folder.appendingPathComponent(path)
        guard FileManager.default.fileExists(atPath: url.path) else { throw Missing(path: path) }
        return url
    }

    /// The bytes of a fixture file.
    static func bytes(_ path: String) throws -> [UInt8] {
        Array(try Data(contentsOf: try url(path)))
    }

    /// The text of a fixture file.
    static func text(_ path: String) throws -> String {
        String(decoding: try bytes(path), as: UTF8.self)
    }
}
