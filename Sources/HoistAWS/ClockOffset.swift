import Foundation

/// How far the services' clock is from this machine's, learnt from a `Date` header when AWS refuses a request
/// as signed too early or too late; the signer adds it to the local time.
///
/// Why: SigV4 signatures are valid for 15 minutes around the service's time, so a machine whose clock is off by
/// more fails every call. The SDKs correct from the answer's `Date` and retry once; a reference type, so the
/// client's copies (``AWSClient/with(region:)``…) share what one of them learnt.
public final class ClockOffset: @unchecked Sendable {
    private let lock = NSLock()
    private var offset: Double

    /// Creates an offset, 0 unless given.
    public init(seconds: Double = 0) { offset = seconds }

    /// Seconds to add to the local time to get the services' time.
    public var seconds: Double {
        get { lock.withLock { offset } }
        set { lock.withLock { offset = newValue } }
    }

    /// Error codes that say the signature's time is outside the window, whatever the message.
    public static let skewCodes: Set<String> = ["RequestTimeTooSkewed", "RequestExpired", "RequestInTheFuture"]

    /// Whether an error says the request's time was refused: the skew codes, or an invalid / mismatched
    /// signature whose message says it expired or is not yet current.
    public static func isSkewError(_ error: AWSError) -> Bool {
        if skewCodes.contains(error.code) { return true }
        guard error.code == "InvalidSignatureException" || error.code == "SignatureDoesNotMatch" else { return false }
        return error.message.contains("Signature expired") || error.message.contains("Signature not yet current")
    }

    /// The time of an HTTP `Date` header (`Thu, 26 Nov 2026 15:20:00 GMT`, RFC 9110's preferred form).
    public static func parseHTTPDate(_ text: String) -> Date? {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        return formatter.date(from: text.trimmingCharacters(in: .whitespaces))
    }
}
