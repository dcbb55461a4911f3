import Foundation
import HoistSigV4
import HoistTestSupport

/// Makes seeded requests that stress SigV4's canonical form: reserved, encoded and non-ASCII path characters,
/// repeated and empty query keys, header values with outer and inner whitespace, repeated headers, S3 and other
/// services, signed and unsigned payloads, with and without session tokens.
///
/// Why: the AWS suite has 38 fixed cases; a few hundred random ones find the corners it leaves out.
struct SigV4CaseGenerator {
    private var random: SplitMix64

    init(seed: UInt64) { random = SplitMix64(seed: seed) }

    static let services = ["lambda", "iam", "dynamodb", "secretsmanager", "logs", "apigateway", "sts", "execute-api"]
    static let regions = ["us-east-1", "eu-west-1", "ap-southeast-2"]
    static let methods = ["GET", "PUT", "POST", "DELETE", "HEAD", "PATCH"]
    /// Path and query text: unreserved, reserved, space, percent, plus and non-ASCII (2, 3 and 4 UTF-8 bytes).
    static let pieces = [
        "a", "Z", "0", "9", "-", "_", ".", "~", "!", "$", "&", "'", "(", ")", "*", "+", ",", ";", "=", ":", "@",
        " ", "%", "%2F", "%20", "/", "?", "#", "[", "]", "é", "ß", "日本", "😀", "arn:aws:lambda:us-east-1:1:function:f",
    ]
    static let headerNames = [
        "X-Custom", "x-amz-meta-Note", "X-Amz-Target", "Content-Type", "x-amz-tagging", "If-Match",
    ]

    mutating func pick<T>(_ values: [T]) -> T { values[Int(random.next() % UInt64(values.count))] }
    mutating func chance(_ probability: Double) -> Bool { random.nextUnit() < probability }
    mutating func count(_ upTo: Int) -> Int { Int(random.next() % UInt64(upTo + 1)) }

    mutating func text(_ maximum: Int) -> String {
        (0..<count(maximum)).map { _ in pick(Self.pieces) }.joined()
    }

    /// A wire path: each segment percent-encoded, with repeated slashes, trailing slashes and (outside S3)
    /// `.`/`..` segments that are not last (botocore and RFC 3986 differ only on a dot segment at the end).
    mutating func path(s3: Bool) -> String {
        var segments: [String] = s3 ? ["bucket-\(count(9))"] : []
        for _ in 0..<count(4) {
            if !s3, chance(0.1) {
                segments.append(pick([".", ".."]))
            } else if chance(0.08) {
                segments.append("")
            } else {
                segments.append(URIEncoding.encode(String(text(4).prefix(40))))
            }
        }
        var last = URIEncoding.encode(text(3))
        if !s3, last == "." || last == ".." { last += "x" }
        segments.append(last)
        return "/" + segments.joined(separator: "/") + (chance(0.2) ? "/" : "")
    }

    mutating func query() -> [[String]] {
        var pairs: [[String]] = []
        for _ in 0..<count(5) {
            let name = chance(0.1) ? "" : text(3)
            pairs.append([name, chance(0.2) ? "" : text(4)])
            if chance(0.25) { pairs.append([name, text(3)]) }  // a repeated key
        }
        return pairs
    }

    /// A value with leading, trailing and inner runs of spaces and tabs.
    mutating func headerValue() -> String {
        let padding = ["", " ", "  ", "\t", " \t "]
        let words = (0..<(1 + count(3))).map { _ in pick(["v", "a b", "x=1", "é", "\"q\"", "1,2"]) }
        return pick(padding) + words.joined(separator: pick([" ", "   ", "\t", " \t"])) + pick(padding)
    }

    mutating func headers(host: String, body: Int) -> [[String]] {
        var headers = [[chance(0.5) ? "Host" : "host", host]]
        if body > 0 || chance(0.3) { headers.append(["Content-Length", String(body)]) }
        for _ in 0..<count(4) {
            let name = pick(Self.headerNames)
            headers.append([chance(0.3) ? name.lowercased() : name, headerValue()])
            if chance(0.2) { headers.append([name.uppercased(), headerValue()]) }  // the same header again
        }
        return headers
    }

    mutating func next(id: Int) -> SigV4DifferentialCase {
        let s3 = chance(0.35)
        let service = s3 ? "s3" : pick(Self.services)
        let region = pick(Self.regions)
        let bodyBytes = (0..<(chance(0.4) ? 0 : count(96))).map { _ in UInt8(truncatingIfNeeded: random.next()) }
        let host = s3 ? "s3.\(region).amazonaws.com" : "\(service).\(region).amazonaws.com"
        let contentSHA256 = s3 || chance(0.6)
        // UNSIGNED-PAYLOAD is only ever declared in x-amz-content-sha256 (S3 always sends that header).
        let unsigned = contentSHA256 && chance(s3 ? 0.3 : 0.15)
        let token = chance(0.5) ? "IQoJb3JpZ2luX2VjE" + String(random.next(), radix: 36) + "/+=" : nil
        return SigV4DifferentialCase(
            id: id, service: service, region: region, method: pick(Self.methods), path: path(s3: s3),
            query: query(), headers: headers(host: host, body: bodyBytes.count),
            body: Data(bodyBytes).base64EncodedString(), s3: s3, unsigned: unsigned, contentSHA256: contentSHA256,
            accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
            sessionToken: token)
    }
}
