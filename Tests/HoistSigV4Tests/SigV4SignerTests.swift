import Foundation
import HoistSigV4
import Testing

@Suite("SigV4 signer")
struct SigV4SignerTests {
    let credentials = AWSCredentials(
        accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")

    @Test("non-S3 services encode the wire path once more; S3 signs it as sent")
    func pathEncodingPerService() {
        let lambda = SigV4Signer(credentials: credentials, region: "us-east-1", service: "lambda")
        let s3 = SigV4Signer(credentials: credentials, region: "us-east-1", service: "s3", options: .s3)
        let wirePath = "/2015-03-31/functions/my%3Afn/a%20b"
        #expect(lambda.canonicalURI(wirePath) == "/2015-03-31/functions/my%253Afn/a%2520b")
        #expect(s3.canonicalURI("/bucket/a//b/../c%20d") == "/bucket/a//b/../c%20d")
    }

    @Test("header signing always adds x-amz-content-sha256 and the session token for AWS services")
    func headersAdded() {
        var withToken = credentials
        withToken.sessionToken = "token-value"
        let signer = SigV4Signer(credentials: withToken, region: "eu-west-1", service: "sts")
        let result = signer.signHeaders(
            SigV4Request(method: "GET", path: "/", headers: [("Host", "sts.amazonaws.com")]), payload: .bytes([]),
            date: Date(timeIntervalSince1970: 1_440_938_160))
        let names = result.headersToAdd.map(\.name)
        #expect(names == ["X-Amz-Date", "x-amz-content-sha256", "X-Amz-Security-Token", "Authorization"])
        #expect(result.canonicalRequest.contains("x-amz-security-token:token-value\n"))
        #expect(result.headersToAdd[0].value == "20150830T123600Z")
        #expect(result.headersToAdd[3].value.contains("/20150830/eu-west-1/sts/aws4_request"))
    }

    @Test("UNSIGNED-PAYLOAD and caller-computed hashes go into the canonical request as given")
    func payloadForms() {
        let signer = SigV4Signer(credentials: credentials, region: "us-east-1", service: "s3", options: .s3)
        let request = SigV4Request(method: "PUT", path: "/b/k", headers: [("Host", "b.s3.amazonaws.com")])
        let date = Date(timeIntervalSince1970: 0)
        let unsigned = signer.signHeaders(request, payload: .unsigned, date: date)
        #expect(unsigned.canonicalRequest.hasSuffix("\nUNSIGNED-PAYLOAD"))
        let hashed = signer.signHeaders(request, payload: .sha256Hex("ab"), date: date)
        #expect(hashed.canonicalRequest.hasSuffix("\nab"))
        #expect(unsigned.signature != hashed.signature)
    }

    @Test("dates before and after leap days format correctly")
    func dateFormatting() {
        let signer = SigV4Signer(credentials: credentials, region: "r", service: "s")
        let request = SigV4Request(method: "GET", path: "/")
        for (seconds, expected) in [
            (951_782_400.0, "20000229T000000Z"), (1_709_251_199.0, "20240229T235959Z"), (0.0, "19700101T000000Z"),
        ] {
            let result = signer.signHeaders(request, payload: .bytes([]), date: Date(timeIntervalSince1970: seconds))
            #expect(result.headersToAdd[0].value == expected)
        }
    }

    @Test("credentials never print their secret")
    func credentialsDescriptionHidesSecret() {
        var value = credentials
        value.sessionToken = "tok"
        #expect(!String(describing: value).contains(credentials.secretAccessKey))
        #expect(!String(describing: value).contains("tok)"))
    }
}
