import Crypto

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The parts of an HTTP request that SigV4 signs.
public struct SigV4Request: Sendable, Equatable {
    /// The HTTP method, e.g. `GET`.
    public var method: String
    /// The path exactly as it goes on the wire (already percent-encoded by the caller).
    public var path: String
    /// Query parameters, not encoded; the signer encodes them.
    public var query: [(name: String, value: String)]
    /// Header fields in request order; names are case-insensitive.
    public var headers: [(name: String, value: String)]

    /// Creates a request description.
    public init(
        method: String, path: String, query: [(name: String, value: String)] = [],
        headers: [(name: String, value: String)] = []
    ) {
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
    }

    /// Compares two requests field by field.
    public static func == (lhs: SigV4Request, rhs: SigV4Request) -> Bool {
        lhs.method == rhs.method && lhs.path == rhs.path
            && lhs.query.map { [$0.name, $0.value] } == rhs.query.map { [$0.name, $0.value] }
            && lhs.headers.map { [$0.name, $0.value] } == rhs.headers.map { [$0.name, $0.value] }
    }
}

/// What a signature covers of the body.
public enum SigV4Payload: Sendable, Equatable {
    /// The body's bytes, hashed by the signer.
    case bytes([UInt8])
    /// A SHA-256 hex digest computed by the caller (for a body streamed from a file).
    case sha256Hex(String)
    /// `UNSIGNED-PAYLOAD`, which S3 accepts over TLS.
    case unsigned

    /// The value that goes into the canonical request and `x-amz-content-sha256`.
    public var hashValue: String {
        switch self {
        case .bytes(let bytes): return SigV4Signer.hexSHA256(bytes)
        case .sha256Hex(let hex): return hex
        case .unsigned: return "UNSIGNED-PAYLOAD"
        }
    }
}

/// Everything a signature was made from, for tests and `--verbose` debugging (no secret in it).
public struct SigV4Signature: Sendable, Equatable {
    /// The canonical request.
    public var canonicalRequest: String
    /// The string to sign.
    public var stringToSign: String
    /// The signature, lowercase hex.
    public var signature: String
    /// For header signing, the headers to add to the request; for presigning, empty.
    public var headersToAdd: [(name: String, value: String)]
    /// For presigning, the query parameters (not encoded) to add, `X-Amz-Signature` last; otherwise empty.
    public var queryToAdd: [(name: String, value: String)]

    /// Compares two signatures.
    public static func == (lhs: SigV4Signature, rhs: SigV4Signature) -> Bool {
        lhs.canonicalRequest == rhs.canonicalRequest && lhs.signature == rhs.signature
            && lhs.headersToAdd.map { [$0.name, $0.value] } == rhs.headersToAdd.map { [$0.name, $0.value] }
            && lhs.queryToAdd.map { [$0.name, $0.value] } == rhs.queryToAdd.map { [$0.name, $0.value] }
    }
}

/// AWS Signature Version 4: canonical request, string to sign, signing key, and header or query signatures.
///
/// Pure: the date is passed in, nothing is read from the clock or the environment.
public struct SigV4Signer: Sendable {
    /// Options that differ between services and between the test suite's cases.
    public struct Options: Sendable, Equatable {
        /// Encode the wire path once more (every service but S3).
        public var doubleEncodePath: Bool
        /// Remove `.` and `..` segments and repeated slashes from the path (every service but S3).
        public var normalizePath: Bool
        /// Add and sign `x-amz-content-sha256` (header signing only).
        public var addContentSHA256Header: Bool
        /// Add the session token after signing instead of signing it (some services' legacy behaviour).
        public var omitSessionTokenFromSignature: Bool

        /// Creates options; the defaults suit every service but S3.
        public init(
            doubleEncodePath: Bool = true, normalizePath: Bool = true, addContentSHA256Header: Bool = true,
            omitSessionTokenFromSignature: Bool = false
        ) {
            self.doubleEncodePath = doubleEncodePath
            self.normalizePath = normalizePath
            self.addContentSHA256Header = addContentSHA256Header
            self.omitSessionTokenFromSignature = omitSessionTokenFromSignature
        }

        /// The options S3 needs: the path is signed as sent.
        public static let s3 = Options(doubleEncodePath: false, normalizePath: false)
    }

    /// The credentials to sign with.
    public var credentials: AWSCredentials
    /// The region, e.g. `us-east-1`.
    public var region: String
    /// The signing name of the service, e.g. `lambda`, `s3`, `execute-api`.
    public var service: String
    /// Service-specific options.
    public var options: Options

    /// Creates a signer.
    public init(credentials: AWSCredentials, region: String, service: String, options: Options = Options()) {
        self.credentials = credentials
        self.region = region
        self.service = service
        self.options = options
    }

    /// Signs with an `Authorization` header; returns the headers to add (`x-amz-date`, token, content hash).
    public func signHeaders(_ request: SigV4Request, payload: SigV4Payload, date: Date) -> SigV4Signature {
        let stamp = SigV4Date(date)
        let payloadHash = payload.hashValue
        var headers = request.headers.filter { $0.name.lowercased() != "authorization" }
        var added: [(name: String, value: String)] = [("X-Amz-Date", stamp.dateTime)]
        headers.append(("X-Amz-Date", stamp.dateTime))
        if options.addContentSHA256Header {
            added.append(("x-amz-content-sha256", payloadHash))
            headers.append(("x-amz-content-sha256", payloadHash))
        }
        var tokenAfterSigning: (name: String, value: String)?
        if let token = credentials.sessionToken {
            if options.omitSessionTokenFromSignature {
                tokenAfterSigning = ("X-Amz-Security-Token", token)
            } else {
                added.append(("X-Amz-Security-Token", token))
                headers.append(("X-Amz-Security-Token", token))
            }
        }
        let canonicalHeaders = Self.canonicalHeaders(headers)
        let canonical = canonicalRequest(
            request, query: request.query, canonicalHeaders: canonicalHeaders, payloadHash: payloadHash)
        let scope = stamp.scope(region: region, service: service)
        let stringToSign = Self.stringToSign(dateTime: stamp.dateTime, scope: scope, canonicalRequest: canonical)
        let signature = self.signature(stringToSign: stringToSign, date: stamp.date)
        let authorization =
            "AWS4-HMAC-SHA256 Credential=\(credentials.accessKeyId)/\(scope), "
            + "SignedHeaders=\(canonicalHeaders.signedNames), Signature=\(signature)"
        if let token = tokenAfterSigning { added.append(token) }
        added.append(("Authorization", authorization))
        return SigV4Signature(
            canonicalRequest: canonical, stringToSign: stringToSign, signature: signature, headersToAdd: added,
            queryToAdd: [])
    }

    /// Presigns into the query string; returns the query parameters to add, `X-Amz-Signature` last.
    public func presign(_ request: SigV4Request, payload: SigV4Payload, date: Date, expires: Int) -> SigV4Signature {
        let stamp = SigV4Date(date)
        let scope = stamp.scope(region: region, service: service)
        let canonicalHeaders = Self.canonicalHeaders(request.headers)
        var added: [(name: String, value: String)] = [
            ("X-Amz-Algorithm", "AWS4-HMAC-SHA256"),
            ("X-Amz-Credential", "\(credentials.accessKeyId)/\(scope)"),
            ("X-Amz-Date", stamp.dateTime),
            ("X-Amz-SignedHeaders", canonicalHeaders.signedNames),
            ("X-Amz-Expires", String(expires)),
        ]
        var tokenAfterSigning: (name: String, value: String)?
        if let token = credentials.sessionToken {
            if options.omitSessionTokenFromSignature {
                tokenAfterSigning = ("X-Amz-Security-Token", token)
            } else {
                added.append(("X-Amz-Security-Token", token))
            }
        }
        let canonical = canonicalRequest(
            request, query: request.query + added, canonicalHeaders: canonicalHeaders,
            payloadHash: payload.hashValue)
        let stringToSign = Self.stringToSign(dateTime: stamp.dateTime, scope: scope, canonicalRequest: canonical)
        let signature = self.signature(stringToSign: stringToSign, date: stamp.date)
        if let token = tokenAfterSigning { added.append(token) }
        added.append(("X-Amz-Signature", signature))
        return SigV4Signature(
            canonicalRequest: canonical, stringToSign: stringToSign, signature: signature, headersToAdd: [],
            queryToAdd: added)
    }

    // MARK: - The steps

    /// The canonical URI of a wire path under these options.
    public func canonicalURI(_ wirePath: String) -> String {
        var path = wirePath.isEmpty ? "/" : wirePath
        if options.normalizePath { path = Self.normalize(path) }
        return options.doubleEncodePath ? URIEncoding.encode(path, keepSlash: true) : path
    }

    /// The canonical query string: names and values encoded, sorted by name then value.
    public static func canonicalQuery(_ query: [(name: String, value: String)]) -> String {
        let encoded: [(name: String, value: String)] = query.map {
            (URIEncoding.encode($0.name), URIEncoding.encode($0.value))
        }
        let sorted = encoded.sorted { lhs, rhs in
            lhs.name == rhs.name ? lhs.value < rhs.value : lhs.name < rhs.name
        }
        return sorted.map { pair in pair.name + "=" + pair.value }.joined(separator: "&")
    }

    /// Canonical headers: lowercase names, sorted; values trimmed, inner whitespace folded, repeats comma-joined.
    static func canonicalHeaders(_ headers: [(name: String, value: String)]) -> (block: String, signedNames: String) {
        var merged: [String: [String]] = [:]
        var order: [String] = []
        for (name, value) in headers {
            let key = name.lowercased()
            if merged[key] == nil { order.append(key) }
            merged[key, default: []].append(foldWhitespace(value))
        }
        let names = order.sorted()
        let block = names.map { "\($0):\(merged[$0]!.joined(separator: ","))\n" }.joined()
        return (block, names.joined(separator: ";"))
    }

    func canonicalRequest(
        _ request: SigV4Request, query: [(name: String, value: String)],
        canonicalHeaders: (block: String, signedNames: String), payloadHash: String
    ) -> String {
        [
            request.method.uppercased(),
            canonicalURI(request.path),
            Self.canonicalQuery(query),
            canonicalHeaders.block,
            canonicalHeaders.signedNames,
            payloadHash,
        ].joined(separator: "\n")
    }

    static func stringToSign(dateTime: String, scope: String, canonicalRequest: String) -> String {
        "AWS4-HMAC-SHA256\n\(dateTime)\n\(scope)\n\(hexSHA256(Array(canonicalRequest.utf8)))"
    }

    /// The signing key for a date (`yyyyMMdd`), region and service.
    public func signingKey(date: String) -> SymmetricKey {
        let secret = SymmetricKey(data: Array("AWS4\(credentials.secretAccessKey)".utf8))
        var key = SymmetricKey(data: Array(HMAC<SHA256>.authenticationCode(for: Array(date.utf8), using: secret)))
        for part in [region, service, "aws4_request"] {
            key = SymmetricKey(data: Array(HMAC<SHA256>.authenticationCode(for: Array(part.utf8), using: key)))
        }
        return key
    }

    func signature(stringToSign: String, date: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Array(stringToSign.utf8), using: signingKey(date: date))
        return Self.hex(Array(mac))
    }

    // MARK: - Helpers

    /// SHA-256 of bytes as lowercase hex.
    public static func hexSHA256(_ bytes: [UInt8]) -> String {
        hex(Array(SHA256.hash(data: bytes)))
    }

    /// Lowercase hex of bytes.
    public static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// RFC 3986 dot-segment removal plus folding of repeated slashes; a trailing slash is kept.
    static func normalize(_ path: String) -> String {
        var segments: [Substring] = []
        for segment in path.split(separator: "/", omittingEmptySubsequences: true) {
            if segment == "." { continue }
            if segment == ".." {
                _ = segments.popLast()
                continue
            }
            segments.append(segment)
        }
        var result = "/" + segments.joined(separator: "/")
        let last = path.split(separator: "/", omittingEmptySubsequences: false).last
        if !segments.isEmpty, path.hasSuffix("/") || last == "." || last == ".." { result += "/" }
        return result
    }

    static func foldWhitespace(_ value: String) -> String {
        value.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" })
            .joined(separator: " ")
    }
}

/// The two date forms SigV4 uses, computed from a `Date` without a calendar or formatter.
struct SigV4Date {
    /// `yyyyMMdd`.
    let date: String
    /// `yyyyMMdd'T'HHmmss'Z'`.
    let dateTime: String

    init(_ value: Date) {
        let time = UTCDateTime(value)
        let pad = { UTCDateTime.padded($0) }
        date = "\(time.year)\(pad(time.month))\(pad(time.day))"
        dateTime = "\(date)T\(pad(time.hour))\(pad(time.minute))\(pad(time.second))Z"
    }

    func scope(region: String, service: String) -> String { "\(date)/\(region)/\(service)/aws4_request" }
}
