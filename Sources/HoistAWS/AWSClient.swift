import Foundation
import HoistSigV4

/// Sends signed AWS requests with standard-mode retries; the service clients are built on it.
public struct AWSClient: Sendable {
    /// The HTTP transport (libcurl in the tool, fakes in tests).
    public let transport: any HTTPTransport
    /// Where credentials come from; nil sends requests unsigned (STS AssumeRoleWithWebIdentity).
    public let credentialProvider: (any CredentialProvider)?
    /// The region calls go to.
    public let region: String
    /// Flags and variables that pick endpoints.
    public let environment: AWSEnvironment
    /// The shared config files, for per-profile endpoints.
    public let sharedConfig: SharedConfig?
    /// When to try again.
    public let retry: RetryStrategy
    /// Transport limits for calls that set none.
    public let options: HTTPRequestOptions
    let now: @Sendable () -> Date
    /// Waits; injected so tests run without real delays.
    public let sleep: @Sendable (Double) async throws -> Void
    let random: @Sendable () -> Double
    /// The services' clock minus this machine's, learnt from skew errors and shared by the client's copies.
    public let clockOffset: ClockOffset

    /// Creates a client; clock, sleep and randomness are injectable for tests.
    public init(
        transport: any HTTPTransport, credentialProvider: (any CredentialProvider)?, region: String,
        environment: AWSEnvironment = AWSEnvironment(), sharedConfig: SharedConfig? = nil,
        retry: RetryStrategy = RetryStrategy(), options: HTTPRequestOptions = HTTPRequestOptions(),
        now: @escaping @Sendable () -> Date = { Date() },
        sleep: @escaping @Sendable (Double) async throws -> Void = { seconds in
            try await Task.sleep(nanoseconds: UInt64(max(0, seconds) * 1_000_000_000))
        },
        random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) },
        clockOffset: ClockOffset = ClockOffset()
    ) {
        self.transport = transport
        self.credentialProvider = credentialProvider
        self.region = region
        self.environment = environment
        self.sharedConfig = sharedConfig
        self.retry = retry
        self.options = options
        self.now = now
        self.sleep = sleep
        self.random = random
        self.clockOffset = clockOffset
    }

    /// The same client with other credentials (e.g. an assumed role's).
    public func with(credentialProvider: (any CredentialProvider)?) -> AWSClient {
        AWSClient(
            transport: transport, credentialProvider: credentialProvider, region: region, environment: environment,
            sharedConfig: sharedConfig, retry: retry, options: options, now: now, sleep: sleep, random: random,
            clockOffset: clockOffset)
    }

    /// The same client in another region.
    public func with(region: String) -> AWSClient {
        AWSClient(
            transport: transport, credentialProvider: credentialProvider, region: region, environment: environment,
            sharedConfig: sharedConfig, retry: retry, options: options, now: now, sleep: sleep, random: random,
            clockOffset: clockOffset)
    }

    /// The same client with another retry strategy and transport options (one attempt, nothing resent by the
    /// transport: for creates that must not be sent twice blindly).
    public func with(retry: RetryStrategy, options: HTTPRequestOptions? = nil) -> AWSClient {
        AWSClient(
            transport: transport, credentialProvider: credentialProvider, region: region, environment: environment,
            sharedConfig: sharedConfig, retry: retry, options: options ?? self.options, now: now, sleep: sleep,
            random: random, clockOffset: clockOffset)
    }

    /// The endpoint of a service in this client's region.
    public func endpoint(for service: AWSService) -> AWSEndpoint {
        environment.endpoint(for: service, region: region, sharedConfig: sharedConfig)
    }

    /// Signs and sends a request, retrying what may pass; returns a 2xx answer or throws ``AWSError``.
    ///
    /// A refusal for clock skew is retried once at once, signed with the offset from the answer's `Date`
    /// (kept in ``clockOffset`` for later calls); it does not count as an attempt.
    public func send(_ request: AWSRequest) async throws -> HTTPResponse {
        var attempt = 0
        var skewCorrected = false
        while true {
            attempt += 1
            do {
                let http = try await signed(request)
                let response: HTTPResponse
                do {
                    response = try await transport.send(http, options: request.options ?? options)
                } catch let error as TransportError {
                    throw AWSError(
                        service: request.service.name, operation: request.operation, status: 0,
                        code: "TransportError.\(error.code.rawValue)", message: error.message, underlying: error)
                }
                if (200..<300).contains(response.status) { return response }
                let error = AWSErrorDecoder.decode(response, for: request)
                if !skewCorrected, ClockOffset.isSkewError(error),
                    let serverDate = response.header("Date").flatMap(ClockOffset.parseHTTPDate)
                {
                    skewCorrected = true
                    clockOffset.seconds = serverDate.timeIntervalSince(now())
                    attempt -= 1
                    continue
                }
                throw error
            } catch var error as AWSError {
                if attempt < retry.maxAttempts, retry.isRetryable(error) {
                    try await sleep(retry.delay(afterAttempt: attempt, random: random()))
                    continue
                }
                error.attempts = attempt
                throw error
            }
        }
    }

    /// The request as the transport sends it: URL, headers with the SigV4 signature, body.
    public func signed(_ request: AWSRequest) async throws -> HTTPRequest {
        let endpoint = endpoint(for: request.service)
        var host = endpoint.hostHeader
        var base = endpoint.url
        if let prefix = request.hostPrefix {
            host = "\(prefix).\(host)"
            base = base.replacingOccurrences(of: "://", with: "://\(prefix).")
        }
        var url = base + request.path
        if !request.query.isEmpty {
            url +=
                "?"
                + request.query.map { URIEncoding.encode($0.name) + "=" + URIEncoding.encode($0.value) }
                .joined(separator: "&")
        }
        var headers = [HTTPHeader("Host", host)] + request.headers
        if request.body.count > 0 || request.method == "POST" || request.method == "PUT" {
            if !headers.contains(where: { $0.name.lowercased() == "content-length" }) {
                headers.append(HTTPHeader("Content-Length", String(request.body.count)))
            }
        }
        guard let provider = credentialProvider else {
            return HTTPRequest(method: request.method, url: url, headers: headers, body: request.body)
        }
        let credentials: AWSCredentials
        do {
            guard let resolved = try await provider.credentials() else {
                throw CredentialError(code: .noCredentials, message: "no credentials from \(provider.source)")
            }
            credentials = resolved
        } catch {
            throw AWSError(
                service: request.service.name, operation: request.operation, status: 0, code: "CredentialsError",
                message: String(describing: error), underlying: error as? CredentialError)
        }
        let payload: SigV4Payload
        if let given = request.payload {
            payload = given
        } else if case .bytes(let bytes) = request.body {
            payload = .bytes(bytes)
        } else if case .file = request.body {
            payload = .unsigned  // not the empty body's hash: the file is only read while sending
        } else {
            payload = .bytes([])
        }
        let signer = SigV4Signer(
            credentials: credentials,
            region: environment.signingRegion(for: request.service, region: region),
            service: request.service.signingName,
            options: request.service.wireProtocol == .restXML ? .s3 : SigV4Signer.Options())
        let signature = signer.signHeaders(
            SigV4Request(
                method: request.method, path: request.path, query: request.query,
                headers: headers.map { ($0.name, $0.value) }),
            payload: payload, date: now().addingTimeInterval(clockOffset.seconds))
        headers += signature.headersToAdd.map { HTTPHeader($0.name, $0.value) }
        return HTTPRequest(method: request.method, url: url, headers: headers, body: request.body)
    }
}
