import Foundation
import HoistDev
import Testing

/// The server over real sockets, with a Python Runtime API loop as the function.
@Suite("hoist dev server", .serialized)
struct DevServerTests {
    @Test("the event reaches the function with the Runtime API headers, and its answer comes back")
    func echo() throws {
        let server = try TestSupport.server(TestSupport.echoBootstrap)
        defer { server.stop() }
        let client = try TestClient(port: server.port)
        let started = Int64(Date().timeIntervalSince1970 * 1000)
        let response = try client.send(
            "POST", "/movies?limit=2", body: #"{"title":"Dune"}"#,
            headers: [("Content-Type", "application/json"), ("Cookie", "a=1; b=2")])
        #expect(response.status == 200)
        #expect(response.headers["x-echo"] == "1")
        #expect(response.headers.values("Set-Cookie") == ["session=abc; Path=/", "theme=dark"])
        let echo = try response.json()
        let event = try #require(echo["event"] as? [String: Any])
        #expect(event["version"] as? String == "2.0")
        #expect(event["rawPath"] as? String == "/movies")
        #expect(event["body"] as? String == #"{"title":"Dune"}"#)
        #expect(event["cookies"] as? [String] == ["a=1", "b=2"])
        #expect(echo["requestId"] as? String == response.headers["Apigw-Requestid"])
        let deadline = try #require(echo["deadlineMs"] as? Int)
        #expect(Int64(deadline) >= started + 9_000)
        #expect((echo["functionArn"] as? String)?.hasPrefix("arn:aws:lambda:") == true)
        #expect((echo["traceId"] as? String)?.hasPrefix("Root=1-") == true)
        #expect((echo["variables"] as? [String: String])?["USERS_TABLE"] == "demo-dev-users")
        // Keep-alive: the same connection serves more requests.
        #expect(try client.send("GET", "/again").status == 200)
    }

    @Test("binary bodies, answers without statusCode, and function errors (502)")
    func shapes() throws {
        let server = try TestSupport.server(TestSupport.echoBootstrap)
        defer { server.stop() }
        let client = try TestClient(port: server.port)
        #expect(try client.send("GET", "/binary").body == [0, 1, 2, 255])
        let plain = try client.send("GET", "/plain")
        #expect(plain.status == 200)
        #expect(plain.headers["Content-Type"] == "application/json")
        #expect(try plain.json()["hello"] as? String == "world")
        #expect(try client.send("GET", "/error").status == 502)
        #expect(try client.send("GET", "/after-error").status == 200)
    }

    @Test("a bootstrap that crashes mid-request gives that request 502, and the next request succeeds")
    func crash() throws {
        let log = LogLines()
        let server = try TestSupport.server(TestSupport.echoBootstrap, log: log)
        defer { server.stop() }
        let client = try TestClient(port: server.port)
        let before = try client.send("GET", "/before").json()["pid"] as? Int
        let crashed = try client.send("GET", "/crash")
        #expect(crashed.status == 502)
        #expect(crashed.text == #"{"message":"Internal Server Error"}"#)
        let after = try client.send("GET", "/after")
        #expect(after.status == 200)
        let pid = try after.json()["pid"] as? Int
        #expect(pid != nil && pid != before)
        #expect(log.all.contains { $0.contains("ended (exit status 3); restarting") })
    }

    @Test("a request past the function's timeout is answered 504, the process replaced, the next one served")
    func timeout() throws {
        let server = try TestSupport.server(TestSupport.echoBootstrap, timeout: 1)
        defer { server.stop() }
        let client = try TestClient(port: server.port)
        #expect(try client.send("GET", "/sleep").status == 504)
        #expect(try client.send("GET", "/after").status == 200)
    }

    @Test("several processes serve concurrent requests, one invocation each at a time")
    func processes() throws {
        let server = try TestSupport.server(TestSupport.echoBootstrap, processes: 3)
        defer { server.stop() }
        let pids = PidSet()
        let failures = LogLines()
        func requests(_ clients: Int, each: Int) {
            DispatchQueue.concurrentPerform(iterations: clients) { index in
                do {
                    let client = try TestClient(port: server.port)
                    for _ in 0..<each {
                        let response = try client.send("GET", "/p\(index)")
                        guard response.status == 200, let pid = try response.json()["pid"] as? Int else {
                            failures.append("status \(response.status)")
                            continue
                        }
                        pids.insert(pid)
                    }
                } catch {
                    failures.append("\(error)")
                }
            }
        }
        // Until two processes have answered: on a loaded machine the second Python process can take longer to
        // start than the first takes to serve a whole burst.
        var warmup = 0
        let deadline = Date().addingTimeInterval(30)
        while pids.count < 2, Date() < deadline {
            requests(3, each: 1)
            warmup += 3
        }
        requests(6, each: 20)
        #expect(failures.all.isEmpty, "\(failures.all)")
        #expect(pids.count >= 2)
        #expect(server.latency.count == 120 + warmup)
        #expect(server.latency.summary().hasPrefix("\(120 + warmup) requests, 0 5xx"))
    }

    @Test("a bootstrap that cannot start: 504 at the timeout instead of a hang; the failure is logged")
    func unstartable() throws {
        let log = LogLines()
        let server = try TestSupport.server(
            LaunchSpec(executable: "/nonexistent/bootstrap"), timeout: 1, log: log)
        defer { server.stop() }
        let client = try TestClient(port: server.port)
        #expect(try client.send("GET", "/").status == 504)
        #expect(log.all.contains { $0.contains("cannot start the function") })
    }
}

final class PidSet: @unchecked Sendable {
    private let lock = NSLock()
    private var values: Set<Int> = []
    func insert(_ value: Int) {
        lock.lock()
        values.insert(value)
        lock.unlock()
    }
    var count: Int {
        lock.lock()
        defer { lock.unlock() }
        return values.count
    }
}
