import Foundation
import HoistAWS
import HoistCurl
import HoistTestSupport
import Testing

@Suite("libcurl transport")
struct CurlTransportTests {
    @Test("a closed port fails fast as connectFailed, which is retryable")
    func connectionRefused() async throws {
        let transport = CurlTransport()
        // Bind then close a socket to find a port nothing listens on.
        let port = try closedPort()
        do {
            _ = try await transport.send(
                HTTPRequest(method: "GET", url: "http://127.0.0.1:\(port)/"), options: HTTPRequestOptions())
            Issue.record("expected a failure")
        } catch let error as TransportError {
            #expect(error.code == .connectFailed)
            #expect(error.isRetryable)
        }
    }

    @Test(
        "only http and https: file://, ftp:// and dict:// URLs are refused before anything is read or sent",
        arguments: ["file:///etc/hostname", "ftp://127.0.0.1/x", "dict://127.0.0.1/x"])
    func onlyHTTP(_ url: String) async throws {
        do {
            let response = try await CurlTransport().send(
                HTTPRequest(method: "GET", url: url), options: HTTPRequestOptions(connectTimeout: 1, totalTimeout: 2))
            Issue.record("expected a refusal, got status \(response.status) with \(response.body.count) bytes")
        } catch let error as TransportError {
            #expect(error.message.contains("curl error 1:"), "\(error)")  // CURLE_UNSUPPORTED_PROTOCOL
            #expect(!error.isRetryable)
        }
    }

    @Test("a server that never answers hits the total timeout")
    func timeout() async throws {
        let listener = try SilentListener()
        defer { listener.close() }
        do {
            _ = try await CurlTransport().send(
                HTTPRequest(method: "GET", url: "http://127.0.0.1:\(listener.port)/"),
                options: HTTPRequestOptions(connectTimeout: 1, totalTimeout: 0.5))
            Issue.record("expected a timeout")
        } catch let error as TransportError {
            #expect(error.code == .timedOut)
        }
    }

    @Test("an unreadable body file is reported before anything is sent")
    func missingBodyFile() async throws {
        do {
            _ = try await CurlTransport().send(
                HTTPRequest(
                    method: "PUT", url: "http://127.0.0.1:1/",
                    body: .file(path: "/nonexistent/x.zip", offset: 0, length: 3)),
                options: HTTPRequestOptions())
            Issue.record("expected a failure")
        } catch let error as TransportError {
            #expect(error.code == .bodyUnreadable)
        }
    }

    @Test("responses over the cap fail as responseTooLarge", .enabled(if: MotoTestBed.shouldRun, MotoTestBed.skipNote))
    func responseCap() async throws {
        let bed = try MotoTestBed.bed()
        do {
            _ = try await CurlTransport().send(
                HTTPRequest(method: "GET", url: bed.endpoint + "/moto-api/"),
                options: HTTPRequestOptions(maxResponseBytes: 64))
            Issue.record("expected the cap to trip")
        } catch let error as TransportError {
            #expect(error.code == .responseTooLarge)
        }
    }

    @Test(
        "200 concurrent signed calls share the pool and all succeed",
        .enabled(if: MotoTestBed.shouldRun, MotoTestBed.skipNote))
    func concurrentCalls() async throws {
        let bed = try MotoTestBed.bed()
        let recorder = RecordingTransport(CurlTransport(maxIdleHandles: 8))
        let client = bed.client(transport: recorder)
        let arns = try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<200 { group.addTask { try await STS(client: client).getCallerIdentity().arn } }
            var all: [String] = []
            for try await arn in group { all.append(arn) }
            return all
        }
        #expect(arns.count == 200)
        #expect(Set(arns) == [bed.adminArn])
        #expect(recorder.signatureFailures.isEmpty)
    }

    @Test("retries: throttled then success against moto", .enabled(if: MotoTestBed.shouldRun, MotoTestBed.skipNote))
    func throttledThenSuccess() async throws {
        let bed = try MotoTestBed.bed()
        let flaky = FaultInjectingTransport(wrapping: CurlTransport(), faults: [.throttling], schedule: .first(1))
        let identity = try await STS(client: bed.client(transport: flaky)).getCallerIdentity()
        #expect(identity.arn == bed.adminArn)
        #expect(flaky.callCount == 2)
    }

    @Test(
        "retries: 503 and a connection reset then success against moto",
        .enabled(if: MotoTestBed.shouldRun, MotoTestBed.skipNote))
    func transientThenSuccess() async throws {
        let bed = try MotoTestBed.bed()
        for fault in [FaultInjectingTransport.Fault.serverError(503), .connectionReset] {
            let flaky = FaultInjectingTransport(wrapping: CurlTransport(), faults: [fault], schedule: .first(2))
            let identity = try await STS(client: bed.client(transport: flaky)).getCallerIdentity()
            #expect(identity.arn == bed.adminArn)
            #expect(flaky.callCount == 3)
        }
    }

    @Test(
        "retries: three failures give a clear error; a validation error is not retried",
        .enabled(if: MotoTestBed.shouldRun, MotoTestBed.skipNote))
    func exhaustedAndValidation() async throws {
        let bed = try MotoTestBed.bed()
        let flaky = FaultInjectingTransport(wrapping: CurlTransport(), faults: [.throttling], schedule: .first(10))
        do {
            _ = try await STS(client: bed.client(transport: flaky)).getCallerIdentity()
            Issue.record("expected failure")
        } catch let error as AWSError {
            #expect(error.code == "Throttling")
            #expect(error.attempts == 3)
            #expect(error.requestId == "fault")
            #expect(error.description.contains("sts GetCallerIdentity failed: Throttling"))
            #expect(error.description.contains("after 3 attempts"))
        }
        #expect(flaky.callCount == 3)

        let invalid = FaultInjectingTransport(wrapping: CurlTransport(), faults: [.validation], schedule: .first(10))
        await #expect(throws: AWSError.self) {
            _ = try await STS(client: bed.client(transport: invalid)).getCallerIdentity()
        }
        #expect(invalid.callCount == 1)
    }

    func closedPort() throws -> Int {
        let listener = try SilentListener()
        let port = listener.port
        listener.close()
        return port
    }
}

/// A TCP listener on loopback that accepts nothing and answers nothing.
final class SilentListener {
    let descriptor: Int32
    let port: Int

    init() throws {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        self.descriptor = descriptor
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) }
        }
        guard bound == 0, listen(descriptor, 1) == 0 else {
            throw TransportError(code: .other, message: "bind", url: "")
        }
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        port = Int(UInt16(bigEndian: address.sin_port))
    }

    func close() { _ = Glibc.close(descriptor) }
}
