import Foundation
import HoistAWS

/// Shared values and builders for the HoistAWS tests.
enum TestSupport {
    /// A fixed clock: 2026-11-26T15:00:00Z.
    static let date = Date(timeIntervalSince1970: 1_795_705_200)

    /// Long-term test keys (AWS's documentation example pair).
    static let credentials = AWSCredentials(
        accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")

    /// A client on a fake transport with a fixed clock, recorded sleeps and a fixed random number.
    static func client(
        _ transport: any HTTPTransport, credentials: AWSCredentials? = TestSupport.credentials,
        region: String = "eu-west-1", environment: AWSEnvironment = AWSEnvironment(variables: [:]),
        retry: RetryStrategy = RetryStrategy(), sleeps: SleepRecorder = SleepRecorder(), random: Double = 0.5
    ) -> AWSClient {
        AWSClient(
            transport: transport, credentialProvider: credentials.map { StaticCredentialProvider($0) },
            region: region, environment: environment, retry: retry, now: { date },
            sleep: { seconds in sleeps.record(seconds) }, random: { random })
    }
}

/// Records the waits a client asks for instead of sleeping.
final class SleepRecorder: @unchecked Sendable {
    private let lock = NSLock()
    private var recorded: [Double] = []

    /// The waits asked for, in seconds.
    var delays: [Double] { lock.withLock { recorded } }

    func record(_ seconds: Double) {
        lock.withLock { recorded.append(seconds) }
    }
}

/// A thread-safe counter for closures.
final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0

    var value: Int { lock.withLock { count } }

    @discardableResult
    func increment() -> Int {
        lock.withLock {
            count += 1
            return count
        }
    }
}

/// A mutable clock for cache and refresh tests.
final class TestClock: @unchecked Sendable {
    private let lock = NSLock()
    private var current: Date

    init(_ start: Date = TestSupport.date) { current = start }

    var now: Date { lock.withLock { current } }

    func advance(_ seconds: Double) {
        lock.withLock { current = current.addingTimeInterval(seconds) }
    }
}
