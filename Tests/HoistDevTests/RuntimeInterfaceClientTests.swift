import Foundation
import HoistDev
import HoistTestSupport
import Testing

/// hoist's Runtime API against AWS's own client: the Python Runtime Interface Client (awslambdaric).
@Suite("awslambdaric under hoist's Runtime API", .serialized)
struct RuntimeInterfaceClientTests {
    static let required = MotoTestBed.required

    func ric(_ handler: String) -> LaunchSpec {
        LaunchSpec(
            executable: "python3", arguments: ["-m", "awslambdaric", "ric_handler.\(handler)"],
            environment: [
                "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
                "PYTHONPATH": TestSupport.fixtures.path, "AWS_LAMBDA_FUNCTION_NAME": "ric-test",
            ], workingDirectory: TestSupport.fixtures.path)
    }

    @Test("a Python handler answers through the HTTP front: event, context, status, cookies")
    func echo() throws {
        guard TestSupport.hasAWSLambdaRIC else {
            if Self.required { Issue.record("awslambdaric is not installed (scripts/requirements-test.txt)") }
            return
        }
        let server = try TestSupport.server(ric("echo"))
        defer { server.stop() }
        let client = try TestClient(port: server.port)
        for index in 0..<3 {
            let response = try client.send(
                "POST", "/things/\(index)?a=1&a=2", body: #"{"n":\#(index)}"#,
                headers: [("Content-Type", "application/json")])
            #expect(response.status == 201)
            #expect(response.headers.values("Set-Cookie") == ["ric=1"])
            let answer = try response.json()
            #expect(answer["rawPath"] as? String == "/things/\(index)")
            #expect(answer["method"] as? String == "POST")
            #expect(answer["query"] as? [String: String] == ["a": "1,2"])
            #expect(answer["body"] as? String == #"{"n":\#(index)}"#)
            #expect(answer["requestId"] as? String == response.headers["Apigw-Requestid"])
            #expect((answer["functionArn"] as? String)?.hasPrefix("arn:aws:lambda:") == true)
            let remaining = try #require(answer["remainingMs"] as? Int)
            #expect(remaining > 0 && remaining <= 10_000)
        }
    }

    @Test("a plain return value is 200 JSON; a raised exception is 502 and the next request still works")
    func plainAndError() throws {
        guard TestSupport.hasAWSLambdaRIC else {
            if Self.required { Issue.record("awslambdaric is not installed (scripts/requirements-test.txt)") }
            return
        }
        let plain = try TestSupport.server(ric("plain"))
        defer { plain.stop() }
        let response = try TestClient(port: plain.port).send("GET", "/x")
        #expect(response.status == 200)
        #expect(try response.json()["message"] as? String == "no statusCode")

        let log = LogLines()
        let failing = try TestSupport.server(ric("fail"), log: log)
        defer { failing.stop() }
        let client = try TestClient(port: failing.port)
        #expect(try client.send("GET", "/1").status == 502)
        #expect(try client.send("GET", "/2").status == 502)
        #expect(log.all.contains { $0.contains("ValueError") && $0.contains("the handler failed on purpose") })
    }
}
