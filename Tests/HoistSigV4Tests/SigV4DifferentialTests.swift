import Foundation
import HoistSigV4
import HoistTestSupport
import Testing

/// hoist's signer against botocore's (`SigV4Auth`, `S3SigV4Auth`) on a few hundred seeded requests.
///
/// Why: two independent implementations that agree on canonical request, string to sign and signature for
/// requests built to hit SigV4's corners leave little room for an encoding slip that moto happens to accept.
@Suite("SigV4: hoist against botocore")
struct SigV4DifferentialTests {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    /// 2026-11-26T15:00:00Z, the same instant for both signers.
    static let date = Date(timeIntervalSince1970: 1_795_705_200)
    static let timestamp = "20261126T150000Z"
    static let count = 400

    /// python3 with botocore importable; CI (`HOIST_REQUIRE_MOTO=1`) runs the test anyway, so it fails there.
    static let botocoreAvailable: Bool =
        MotoTestBed.required || (try? ProcessRunner.python("import botocore.auth").status) == 0

    @Test(
        "canonical request, string to sign and signature agree for 400 generated requests",
        .enabled(
            if: botocoreAvailable, "python3 with botocore is missing: pip install -r scripts/requirements-test.txt"))
    func agreesWithBotocore() throws {
        var generator = SigV4CaseGenerator(seed: 0x5167_0004)
        let cases = (0..<Self.count).map { generator.next(id: $0) }
        let folder = try TemporaryDirectory("sigv4-differential")
        let input = folder.url.appendingPathComponent("requests.json")
        let document = Document(timestamp: Self.timestamp, requests: cases)
        try JSONEncoder().encode(document).write(to: input)
        let script = Self.packageRoot.appendingPathComponent("scripts/sigv4_reference.py").path
        let run = try ProcessRunner.run(command: ["python3", script, input.path])
        try #require(run.status == 0, "sigv4_reference.py failed: \(run.stderr)")
        let answers = try JSONDecoder().decode([Reference].self, from: Data(run.stdout.utf8))
        try #require(answers.count == cases.count)
        var mismatches = 0
        for (request, reference) in zip(cases, answers) {
            let hoist = request.signWithHoist(date: Self.date)
            let agrees =
                hoist.canonicalRequest == reference.canonicalRequest && hoist.stringToSign == reference.stringToSign
                && hoist.signature == reference.signature
            if !agrees {
                mismatches += 1
                Issue.record(
                    """
                    hoist and botocore differ on \(request.summary)
                    hoist canonical request:
                    \(hoist.canonicalRequest)
                    botocore canonical request:
                    \(reference.canonicalRequest)
                    hoist string to sign: \(hoist.stringToSign.debugDescription)
                    botocore string to sign: \(reference.stringToSign.debugDescription)
                    """)
            }
        }
        let s3 = cases.filter(\.s3).count
        let tokens = cases.filter { $0.sessionToken != nil }.count
        print(
            "sigv4 differential: \(cases.count) requests generated, \(answers.count) compared "
                + "(\(s3) S3, \(cases.count - s3) other, \(tokens) with a session token), \(mismatches) mismatches")
    }

    struct Document: Encodable {
        var timestamp: String
        var requests: [SigV4DifferentialCase]
    }

    struct Reference: Decodable {
        var id: Int
        var canonicalRequest: String
        var stringToSign: String
        var signature: String
    }
}
