import Foundation
import HoistAWS
import HoistCurl
import HoistTestSupport
import Testing

/// scripts/awsproxy.py's MOTO_RULES: requests valid for AWS that moto's signature check refuses reach moto in a
/// form it verifies, while what hoist sent (and what --record keeps) stays as AWS wants it.
@Suite("awsproxy.py moto rules", .serialized, .enabled(if: HoistBinary.motoShouldRun, MotoTestBed.skipNote))
struct MotoRuleProxyTests {
    /// A client for moto's admin key through `endpoint`.
    static func client(_ moto: MotoTestBed, endpoint: String) -> AWSClient {
        AWSClient(
            transport: CurlTransport(), credentialProvider: StaticCredentialProvider(moto.credentials),
            region: moto.region, environment: AWSEnvironment(variables: [:], endpointOption: endpoint),
            retry: RetryStrategy(maxAttempts: 1), sleep: { _ in })
    }

    @Test("API Gateway tag calls with the ARN encoded in the path: refused by moto as sent, accepted through the rule")
    func apiGatewayTagPaths() async throws {
        let moto = try HoistBinary.moto()
        let api = try await APIGatewayV2(client: Self.client(moto, endpoint: moto.endpoint))
            .createApi(name: MotoTestBed.unique("rule"))
        let arn = "arn:aws:apigateway:\(moto.region)::/apis/\(try #require(api.apiId))"

        // Straight to moto: its server decodes %2F before checking the signature, and refuses the valid call.
        let plain = try HoistBinary.startProxy(upstream: moto.endpoint, extra: [])
        defer { plain.terminate() }
        await #expect(throws: AWSError.self, "moto's own bug: if this passes, moto fixed it; drop the rule") {
            try await APIGatewayV2(client: Self.client(moto, endpoint: plain.endpoint))
                .tagResource(arn: arn, tags: ["k": "v"])
        }

        let folder = try TemporaryDirectory("moto-rule")
        let traffic = folder.url.appendingPathComponent("traffic.jsonl")
        let proxy = try HoistBinary.startProxy(
            upstream: moto.endpoint, extra: ["--record", traffic.path, "--resign-for-moto", moto.statePath])
        defer { proxy.terminate() }
        let gateway = APIGatewayV2(client: Self.client(moto, endpoint: proxy.endpoint))
        try await gateway.tagResource(arn: arn, tags: ["hoist:stage": "dev", "k": "v"])
        try await gateway.untagResource(arn: arn, keys: ["k"])

        let recorded = try String(contentsOf: traffic, encoding: .utf8).split(separator: "\n")
        #expect(recorded.count == 2)
        for line in recorded {
            #expect(line.contains("/v2/tags/arn%3Aaws%3Aapigateway%3A"), "hoist's path is kept as sent: \(line)")
            #expect(line.contains("%2Fapis%2F"), "\(line)")
        }
        let check = try HoistBinary.validateRequests(traffic)
        #expect(check.status == 0, "\(check.stdout)")
        #expect(check.stdout.contains("apigatewayv2:TagResource: 1"), "\(check.stdout)")
        #expect(check.stdout.contains("apigatewayv2:UntagResource: 1"), "\(check.stdout)")
    }
}
