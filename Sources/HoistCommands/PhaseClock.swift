import Foundation
import HoistAWS

/// Counts the AWS requests a command sends, and how many of them change something.
final class RequestCounter: HTTPTransport, @unchecked Sendable {
    private let inner: any HTTPTransport
    private let lock = NSLock()
    private var total = 0
    private var writes = 0

    /// Wraps a transport.
    init(_ inner: any HTTPTransport) { self.inner = inner }

    /// Requests and writes so far.
    var counts: (requests: Int, writes: Int) { lock.withLock { (total, writes) } }

    /// Counts, then sends.
    func send(_ request: HTTPRequest, options: HTTPRequestOptions) async throws -> HTTPResponse {
        let write = Self.isWrite(request)
        lock.withLock {
            total += 1
            if write { writes += 1 }
        }
        return try await inner.send(request, options: options)
    }

    /// Whether a request changes something: not a GET or HEAD, and not a Get/List/Describe operation of a
    /// JSON (X-Amz-Target) or query (`Action=`) protocol.
    static func isWrite(_ request: HTTPRequest) -> Bool {
        if request.method == "GET" || request.method == "HEAD" { return false }
        var operation: Substring?
        if let target = request.headers.first(where: { $0.name.lowercased() == "x-amz-target" })?.value {
            operation = target.split(separator: ".").last
        } else if case .bytes(let body) = request.body, let form = String(bytes: body, encoding: .utf8),
            form.hasPrefix("Action=")
        {
            operation = form.dropFirst(7).prefix { $0 != "&" }
        }
        guard let operation else { return true }
        return !["Get", "List", "Describe"].contains { operation.hasPrefix($0) }
    }
}

/// Times a command's phases and the AWS requests of each, for `--verbose`.
final class PhaseClock: @unchecked Sendable {
    private let counter: RequestCounter?
    private let lock = NSLock()
    private let started = Date()
    private var phases: [(name: String, seconds: Double, requests: Int, writes: Int)] = []

    /// Creates a clock reading requests from `counter`.
    init(counter: RequestCounter?) { self.counter = counter }

    /// Runs `body` as the phase `name`.
    func measure<T>(_ name: String, _ body: () async throws -> T) async rethrows -> T {
        let before = counter?.counts ?? (requests: 0, writes: 0)
        let start = Date()
        defer {
            let after = counter?.counts ?? (requests: 0, writes: 0)
            let seconds = Date().timeIntervalSince(start)
            lock.withLock {
                phases.append((name, seconds, after.requests - before.requests, after.writes - before.writes))
            }
        }
        return try await body()
    }

    /// `timings: build and package 0.120 s · read and plan 0.310 s, 24 requests (0 writes) · … · total 0.52 s`.
    var summary: String {
        lock.withLock {
            let parts = phases.map { phase in
                var text = "\(phase.name) " + String(format: "%.3f s", phase.seconds)
                if phase.requests > 0 || phase.name == "apply" {
                    text += ", \(phase.requests) request\(phase.requests == 1 ? "" : "s") (\(phase.writes) writes)"
                }
                return text
            }
            let total = String(format: "%.3f s", Date().timeIntervalSince(started))
            return "timings: " + (parts + ["total \(total)"]).joined(separator: " · ")
        }
    }
}
