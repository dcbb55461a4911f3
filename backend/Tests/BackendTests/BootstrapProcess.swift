import Foundation

/// The real `bootstrap` executable, started against a Runtime API server.
final class BootstrapProcess: @unchecked Sendable {
    let process = Process()
    let logURL: URL
    let startedAt = ContinuousClock.now

    /// The bootstrap next to the test bundle (`swift build` puts both in the same folder), or `HOIST_BOOTSTRAP`.
    static var executableURL: URL {
        if let path = ProcessInfo.processInfo.environment["HOIST_BOOTSTRAP"], !path.isEmpty {
            return URL(fileURLWithPath: path)
        }
        let exe = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        var folder = exe.deletingLastPathComponent()
        // On Linux the test binary is `<pkg>PackageTests.xctest` in the build folder itself.
        if folder.lastPathComponent.hasSuffix(".xctest") { folder = folder.deletingLastPathComponent() }
        return folder.appendingPathComponent("bootstrap")
    }

    /// Starts the bootstrap with `environment` (added to a minimal one) and `runtime` as its Runtime API.
    init(runtime: RuntimeAPIServer, environment: [String: String]) throws {
        logURL = FileManager.default.temporaryDirectory.appendingPathComponent("bootstrap-\(UUID().uuidString).log")
        FileManager.default.createFile(atPath: logURL.path, contents: nil)
        let log = try FileHandle(forWritingTo: logURL)
        process.executableURL = Self.executableURL
        process.environment = ["AWS_LAMBDA_RUNTIME_API": runtime.endpoint, "PATH": "/usr/bin:/bin"]
            .merging(environment) { $1 }
        process.standardOutput = log
        process.standardError = log
        process.terminationHandler = { _ in runtime.close() }
        try process.run()
    }

    /// What the bootstrap logged so far.
    var log: String { (try? String(contentsOf: logURL, encoding: .utf8)) ?? "" }

    /// Stops the process and waits for it.
    func stop() {
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        try? FileManager.default.removeItem(at: logURL)
    }
}

/// Builds API Gateway payload 2.0 events.
enum Event {
    static func http(
        _ method: String, _ path: String, body: String? = nil, token: String? = nil, query: String = ""
    ) -> [UInt8] {
        var headers: [String: String] = ["content-type": "application/json", "user-agent": "e2e"]
        if let token { headers["authorization"] = "Bearer \(token)" }
        var event: [String: Any] = [
            "version": "2.0", "routeKey": "$default", "rawPath": path, "rawQueryString": query,
            "headers": headers,
            "requestContext": [
                "accountId": "123456789012", "apiId": "e2e", "requestId": UUID().uuidString, "stage": "$default",
                "http": ["method": method, "path": path, "protocol": "HTTP/1.1", "sourceIp": "127.0.0.1"],
                "authorizer": ["lambda": ["ignored": true]],
            ],
            "isBase64Encoded": true,
        ]
        if !query.isEmpty {
            var parameters: [String: String] = [:]
            for pair in query.split(separator: "&") {
                let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
                parameters[parts[0]] = parts.count > 1 ? parts[1] : ""
            }
            event["queryStringParameters"] = parameters
        }
        if let body { event["body"] = Data(body.utf8).base64EncodedString() }
        return Array(try! JSONSerialization.data(withJSONObject: event))
    }
}

/// A payload 2.0 answer, decoded.
struct HTTPAnswer {
    var status: Int
    var headers: [String: String]
    var json: [String: Any]
    var raw: String

    init(_ outcome: RuntimeAPIServer.Outcome) {
        let object = (try? JSONSerialization.jsonObject(with: Data(outcome.body))) as? [String: Any] ?? [:]
        status = object["statusCode"] as? Int ?? -1
        headers = object["headers"] as? [String: String] ?? [:]
        raw = object["body"] as? String ?? ""
        json = (try? JSONSerialization.jsonObject(with: Data(raw.utf8))) as? [String: Any] ?? [:]
    }
}
