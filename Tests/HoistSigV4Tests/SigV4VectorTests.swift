import Foundation
import HoistSigV4
import Testing

@Suite("AWS SigV4 test suite")
struct SigV4VectorTests {
    @Test("the suite holds all 38 cases", .enabled(if: SigV4Vectors.available, SigV4Vectors.missingNote))
    func suiteIsComplete() {
        #expect(SigV4Vectors.caseNames.count == 38)
    }

    @Test(
        "header signing matches canonical request, string to sign and signature",
        .enabled(if: SigV4Vectors.available, SigV4Vectors.missingNote),
        arguments: SigV4Vectors.caseNames)
    func headerForm(name: String) throws {
        let vector = try SigV4VectorCase(folder: SigV4Vectors.folder.appendingPathComponent(name))
        let signed = vector.signer.signHeaders(vector.request, payload: .bytes(vector.body), date: vector.date)
        #expect(signed.canonicalRequest == (try vector.expected("header-canonical-request.txt")))
        #expect(signed.stringToSign == (try vector.expected("header-string-to-sign.txt")))
        #expect(signed.signature == (try vector.expected("header-signature.txt")))
        let authorization = signed.headersToAdd.first { $0.name == "Authorization" }?.value
        let signedRequest = try vector.expected("header-signed-request.txt")
        #expect(signedRequest.contains("Authorization:\(authorization ?? "-")\n"))
        for (headerName, value) in signed.headersToAdd where headerName != "x-amz-content-sha256" {
            #expect(signedRequest.contains("\(headerName):\(value)\n"), "\(headerName) missing from signed request")
        }
    }

    @Test(
        "query signing matches canonical request, string to sign and signature",
        .enabled(if: SigV4Vectors.available, SigV4Vectors.missingNote),
        arguments: SigV4Vectors.caseNames)
    func queryForm(name: String) throws {
        let vector = try SigV4VectorCase(folder: SigV4Vectors.folder.appendingPathComponent(name))
        let signed = vector.signer.presign(
            vector.request, payload: .bytes(vector.body), date: vector.date, expires: vector.expires)
        #expect(signed.canonicalRequest == (try vector.expected("query-canonical-request.txt")))
        #expect(signed.stringToSign == (try vector.expected("query-string-to-sign.txt")))
        #expect(signed.signature == (try vector.expected("query-signature.txt")))
        let signedRequest = try vector.expected("query-signed-request.txt")
        let wireSignature = "X-Amz-Signature=\(signed.signature)"
        #expect(signedRequest.contains(wireSignature))
    }
}
