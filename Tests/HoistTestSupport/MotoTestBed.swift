import Foundation
import HoistAWS
import Testing

/// The moto_server that scripts/test.sh (or `scripts/testbed.py start`) started: endpoint, region and admin keys
/// from the state file `HOIST_TEST_MOTO` names.
///
/// Why: tests against moto run when it is there, skip with a visible reason when it is not, and fail when
/// `HOIST_REQUIRE_MOTO=1` (CI) says it must be there; every target reads the same file the same way.
public struct MotoTestBed: Sendable {
    /// moto's URL, e.g. `http://127.0.0.1:5000`.
    public let endpoint: String
    /// The region the bed was set up in.
    public let region: String
    /// The admin key's id (an IAM user allowed everything).
    public let accessKeyId: String
    /// The admin key's secret.
    public let secretAccessKey: String
    /// The admin user's ARN.
    public let adminArn: String
    /// The state file read (python helpers take it as an argument).
    public let statePath: String

    /// The state file's path, from `HOIST_TEST_MOTO` ("" counts as unset).
    public static let statePathSetting = ProcessInfo.processInfo.environment["HOIST_TEST_MOTO"].flatMap {
        $0.isEmpty ? nil : $0
    }

    /// Whether the bed is required (CI): tests then fail instead of skipping when it is missing.
    public static let required = ProcessInfo.processInfo.environment["HOIST_REQUIRE_MOTO"] == "1"

    /// The bed, or nil when `HOIST_TEST_MOTO` is unset or its file is missing or unreadable.
    public static let shared: MotoTestBed? = {
        guard let path = statePathSetting, let data = FileManager.default.contents(atPath: path),
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            let endpoint = object["endpoint"] as? String, let accessKeyId = object["accessKeyId"] as? String,
            let secretAccessKey = object["secretAccessKey"] as? String
        else { return nil }
        return MotoTestBed(
            endpoint: endpoint, region: object["region"] as? String ?? "us-east-1", accessKeyId: accessKeyId,
            secretAccessKey: secretAccessKey, adminArn: object["adminArn"] as? String ?? "", statePath: path)
    }()

    /// Run when the server is configured, and also when it is required (the test then fails on ``bed()``).
    public static var shouldRun: Bool { statePathSetting != nil || required }

    /// The reason printed for a skipped test.
    public static let skipNote: Comment =
        "moto_server not configured: run scripts/test.sh (HOIST_TEST_MOTO names its state file)"

    /// The test bed, or a test failure when it is required or configured but cannot be read.
    public static func bed() throws -> MotoTestBed {
        try #require(shared, "no readable moto state at \(statePathSetting ?? "(HOIST_TEST_MOTO unset)")")
    }

    /// The admin key pair.
    public var credentials: AWSCredentials {
        AWSCredentials(accessKeyId: accessKeyId, secretAccessKey: secretAccessKey)
    }

    /// A client on `transport` (a ``RecordingTransport`` over libcurl, usually) signed with the admin key or the
    /// given credentials, pointed at moto, with no waits between retries.
    public func client(
        transport: any HTTPTransport, credentials: AWSCredentials? = nil, retry: RetryStrategy = RetryStrategy()
    ) -> AWSClient {
        AWSClient(
            transport: transport, credentialProvider: StaticCredentialProvider(credentials ?? self.credentials),
            region: region, environment: AWSEnvironment(variables: [:], endpointOption: endpoint), retry: retry,
            sleep: { _ in })
    }

    /// A name no other test uses: `prefix-` and eight hex digits.
    public static func unique(_ prefix: String) -> String {
        "\(prefix)-\(UUID().uuidString.prefix(8).lowercased())"
    }
}
