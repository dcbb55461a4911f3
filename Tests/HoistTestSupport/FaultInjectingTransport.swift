import Foundation
import HoistAWS

/// Wraps a transport and makes some calls fail the way AWS does under load: throttling answers, 5xx,
/// connection resets. Faults hit the first `n` calls, or calls picked by a seeded random rate.
public final class FaultInjectingTransport: HTTPTransport, @unchecked Sendable {
    /// One injected failure.
    public enum Fault: Sendable, Equatable {
        /// 400 throttling in the request's protocol: a query `<Code>Throttling</Code>` for form-encoded
        /// requests, else a json `__type` of `ThrottlingException`.
        case throttling
        /// 429 with no body.
        case tooManyRequests
        /// This 5xx status with a short body.
        case serverError(Int)
        /// A ``TransportError`` with code `connectionReset`.
        case connectionReset
        /// 400 validation error in the request's protocol (query `ValidationError`, json `ValidationException`):
        /// a client error that must not be retried.
        case validation
    }

    /// Which calls fail.
    public enum Schedule: Sendable {
        /// The first `n` calls.
        case first(Int)
        /// Each call with this probability, from a generator seeded with `seed`.
        case rate(Double, seed: UInt64)
    }

    private let wrapped: any HTTPTransport
    private let faults: [Fault]
    private let schedule: Schedule
    private let lock = NSLock()
    private var calls = 0
    private var injectedFaults: [Fault] = []
    private var generator: SplitMix64

    /// Wraps `transport`; faults are taken from `faults` in turn.
    public init(wrapping transport: any HTTPTransport, faults: [Fault], schedule: Schedule) {
        precondition(!faults.isEmpty, "give at least one fault")
        self.wrapped = transport
        self.faults = faults
        self.schedule = schedule
        if case .rate(_, let seed) = schedule {
            generator = SplitMix64(seed: seed)
        } else {
            generator = SplitMix64(seed: 0)
        }
    }

    /// The faults injected so far, in order.
    public var injected: [Fault] { lock.withLock { injectedFaults } }

    /// Calls seen so far, failed or passed through.
    public var callCount: Int { lock.withLock { calls } }

    /// Fails the call when the schedule says so, else passes it to the wrapped transport.
    public func send(_ request: HTTPRequest, options: HTTPRequestOptions) async throws -> HTTPResponse {
        let fault: Fault? = lock.withLock {
            calls += 1
            let hit: Bool
            switch schedule {
            case .first(let count): hit = calls <= count
            case .rate(let rate, _): hit = generator.nextUnit() < rate
            }
            guard hit else { return nil }
            let fault = faults[injectedFaults.count % faults.count]
            injectedFaults.append(fault)
            return fault
        }
        guard let fault else { return try await wrapped.send(request, options: options) }
        return try Self.answer(fault, to: request)
    }

    /// The failure `fault` makes of `request`: an answer, or a thrown transport error.
    private static func answer(_ fault: Fault, to request: HTTPRequest) throws -> HTTPResponse {
        switch fault {
        case .throttling where isQuery(request):
            return .text(
                400,
                "<ErrorResponse><Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded</Message>"
                    + "</Error><RequestId>fault</RequestId></ErrorResponse>")
        case .throttling:
            return .text(
                400, #"{"__type":"com.amazonaws.dynamodb.v20120810#ThrottlingException","message":"Rate exceeded"}"#,
                headers: [HTTPHeader("x-amzn-RequestId", "fault")])
        case .tooManyRequests:
            return HTTPResponse(status: 429)
        case .serverError(let status):
            return .text(status, "Service Unavailable")
        case .connectionReset:
            throw TransportError(code: .connectionReset, message: "Connection reset by peer", url: request.url)
        case .validation where isQuery(request):
            return .text(
                400,
                "<ErrorResponse><Error><Type>Sender</Type><Code>ValidationError</Code><Message>bad</Message>"
                    + "</Error><RequestId>fault</RequestId></ErrorResponse>")
        case .validation:
            return .text(
                400, #"{"__type":"ValidationException","message":"bad"}"#,
                headers: [HTTPHeader("x-amzn-RequestId", "fault")])
        }
    }

    /// Whether the request uses the query protocol (a form-encoded body), whose errors are XML.
    private static func isQuery(_ request: HTTPRequest) -> Bool {
        request.header("Content-Type")?.hasPrefix("application/x-www-form-urlencoded") == true
    }
}
