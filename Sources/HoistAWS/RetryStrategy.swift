import Foundation

/// AWS "standard" retry mode: a few attempts with capped exponential back-off and full jitter, only for
/// errors that may pass (throttling, 5xx, broken connections), never for validation errors.
public struct RetryStrategy: Sendable {
    /// Attempts in all, the first included.
    public var maxAttempts: Int
    /// The back-off base in seconds: attempt `n` waits up to `base * 2^(n-1)`.
    public var baseDelay: Double
    /// The cap on one wait in seconds.
    public var maxDelay: Double

    /// Error codes that mean "slow down".
    public static let throttlingCodes: Set<String> = [
        "Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException",
        "TooManyRequestsException", "ProvisionedThroughputExceededException", "TransactionInProgressException",
        "RequestLimitExceeded", "BandwidthLimitExceeded", "LimitExceededException", "RequestThrottled",
        "SlowDown", "PriorRequestNotComplete", "EC2ThrottledException",
    ]

    /// Error codes that mean "the service had a transient problem".
    public static let transientCodes: Set<String> = [
        "RequestTimeout", "RequestTimeoutException", "InternalError", "InternalFailure", "ServiceUnavailable",
        "ServiceUnavailableException", "InternalServerError", "InternalServerErrorException",
    ]

    /// HTTP statuses retried whatever the code.
    public static let transientStatuses: Set<Int> = [500, 502, 503, 504]

    /// Creates a strategy; the defaults are the SDKs' standard mode.
    public init(maxAttempts: Int = 3, baseDelay: Double = 1, maxDelay: Double = 20) {
        self.maxAttempts = max(1, maxAttempts)
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
    }

    /// Whether an error may pass on a later attempt.
    public func isRetryable(_ error: any Error) -> Bool {
        if let transport = error as? TransportError { return transport.isRetryable }
        guard let aws = error as? AWSError else { return false }
        if let transport = aws.underlying as? TransportError { return transport.isRetryable }
        return Self.throttlingCodes.contains(aws.code) || Self.transientCodes.contains(aws.code)
            || Self.transientStatuses.contains(aws.status) || aws.status == 429
    }

    /// The wait before attempt `attempt + 1`, given a uniform random number in [0, 1).
    public func delay(afterAttempt attempt: Int, random: Double) -> Double {
        let ceiling = min(maxDelay, baseDelay * pow(2, Double(max(0, attempt - 1))))
        return ceiling * random
    }
}
