import Foundation
import HoistSigV4

/// One generated request for the differential test, as scripts/sigv4_reference.py reads it.
struct SigV4DifferentialCase: Codable, Sendable {
    var id: Int
    var service: String
    var region: String
    var method: String
    /// The path as on the wire (percent-encoded), which both signers take.
    var path: String
    /// Query parameters, not encoded.
    var query: [[String]]
    /// Header fields in order, repeats allowed; `Host` among them.
    var headers: [[String]]
    /// The body, base64.
    var body: String
    /// S3: `S3SigV4Auth` in botocore, ``SigV4Signer/Options/s3`` in hoist.
    var s3: Bool
    /// The payload is `UNSIGNED-PAYLOAD`.
    var unsigned: Bool
    /// Non-S3: `x-amz-content-sha256` is sent and signed (hoist's client does it for every service).
    var contentSHA256: Bool
    var accessKeyId: String
    var secretAccessKey: String
    var sessionToken: String?

    /// hoist's signature of this request at `date`.
    func signWithHoist(date: Date) -> SigV4Signature {
        let options = s3 ? SigV4Signer.Options.s3 : SigV4Signer.Options(addContentSHA256Header: contentSHA256)
        let signer = SigV4Signer(
            credentials: AWSCredentials(
                accessKeyId: accessKeyId, secretAccessKey: secretAccessKey, sessionToken: sessionToken),
            region: region, service: service, options: options)
        let request = SigV4Request(
            method: method, path: path, query: query.map { ($0[0], $0[1]) }, headers: headers.map { ($0[0], $0[1]) })
        let payload: SigV4Payload = unsigned ? .unsigned : .bytes(Array(Data(base64Encoded: body) ?? Data()))
        return signer.signHeaders(request, payload: payload, date: date)
    }

    /// The request as a reader would write it, for a failure message.
    var summary: String {
        let token = sessionToken == nil ? "no token" : "session token"
        let payload = unsigned ? "UNSIGNED-PAYLOAD" : "body \(Data(base64Encoded: body)?.count ?? 0) bytes"
        return "#\(id) \(service) \(region) \(method) \(path) query=\(query) headers=\(headers) \(payload), \(token)"
    }
}
