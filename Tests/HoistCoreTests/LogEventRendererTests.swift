import Foundation
import HoistAWS
import HoistCore
import Testing

/// How `hoist logs` prints an event: the backend's JSON lines, Lambda's START/END/REPORT, anything else.
@Suite("Log event rendering")
struct LogEventRendererTests {
    /// 2025-03-01T12:00:00.123Z.
    static let timestamp: Int64 = 1_740_830_400_123
    static let requestId = "6f1d2c3b-8a4e-4d2f-9b1a-0c5e7d9f1a2b"

    /// The message in Fixtures/logs/`name`, as CloudWatch Logs stores it (newline included).
    static func fixture(_ name: String) throws -> String {
        let folder = try #require(Bundle.module.url(forResource: "Fixtures", withExtension: nil))
        return try String(contentsOf: folder.appendingPathComponent("logs/\(name)"), encoding: .utf8)
    }

    static func event(_ message: String) -> FilteredLogEvent {
        FilteredLogEvent(eventId: "1", timestamp: timestamp, message: message, logStreamName: "s")
    }

    @Test("the backend's JSON line: time, level, request id, message, then the other fields sorted")
    func backendLine() throws {
        let line = LogEventRenderer().render(Self.event(try Self.fixture("backend-request.json")))
        #expect(
            line
                == "2025-03-01T12:00:00.123Z info  \(Self.requestId) request durationMs=3.25 method=GET path=/movies"
                + " status=200")
        let error = LogEventRenderer().render(Self.event(try Self.fixture("backend-error.json")))
        #expect(
            error == "2025-03-01T12:00:00.123Z error \(Self.requestId) request failed"
                + " error=\"store unavailable: throttled\"")
        // No request id (the rotation handler's steps): a dash in its column.
        let rotation = LogEventRenderer().render(Self.event(try Self.fixture("backend-no-request.json")))
        #expect(
            rotation == "2025-03-01T12:00:00.123Z info  - rotation step secret=movies-api/dev/JWT_SECRET_KEY"
                + " step=createSecret")
    }

    @Test("REPORT with an init duration (a cold start) is one short line with it")
    func reportCold() throws {
        let line = LogEventRenderer().render(Self.event(try Self.fixture("report-cold.txt")))
        #expect(
            line == "2025-03-01T12:00:00.123Z REPORT \(Self.requestId) 12.34 ms, memory 45/128 MB, init 150.20 ms")
    }

    @Test("REPORT without an init duration (a warm start) has none; a timeout's status is kept")
    func reportWarm() throws {
        let line = LogEventRenderer().render(Self.event(try Self.fixture("report-warm.txt")))
        #expect(line == "2025-03-01T12:00:00.123Z REPORT \(Self.requestId) 2.06 ms, memory 46/128 MB")
        let report = try #require(LambdaReport(line: try Self.fixture("report-timeout.txt")))
        #expect(report.summary == "3000.00 ms, memory 60/128 MB, status timeout")
        #expect(report.billedDuration == "3000" && report.initDuration == nil)
    }

    @Test("START and END are folded away")
    func startEndFolded() throws {
        #expect(LogEventRenderer().render(Self.event(try Self.fixture("start.txt"))) == nil)
        #expect(LogEventRenderer().render(Self.event(try Self.fixture("end.txt"))) == nil)
    }

    @Test("plain lines, and JSON without a message, print as they are (without the trailing newline)")
    func plainLines() throws {
        let python = try Self.fixture("plain-python.txt")
        #expect(LogEventRenderer().render(Self.event(python)) == String(python.dropLast()))
        let platform = try Self.fixture("json-without-message.json")
        #expect(LogEventRenderer().render(Self.event(platform)) == String(platform.dropLast()))
        #expect(
            LogEventRenderer().render(Self.event("REPORT RequestId: x\tno duration\n"))
                == "REPORT RequestId: x\tno duration")
        #expect(LogEventRenderer().render(Self.event("line one\nline two\n")) == "line one\nline two")
    }

    @Test("--json prints every message raw, START/END/REPORT included")
    func raw() throws {
        let renderer = LogEventRenderer(format: .raw, color: true)
        for name in ["backend-request.json", "start.txt", "report-cold.txt", "plain-python.txt"] {
            let message = try Self.fixture(name)
            #expect(renderer.render(Self.event(message)) == String(message.dropLast()), "\(name)")
        }
    }

    @Test("colour only when asked: the time dim, errors red, REPORT cyan; none without")
    func colour() throws {
        let coloured = LogEventRenderer(color: true)
        let error = try #require(coloured.render(Self.event(try Self.fixture("backend-error.json"))))
        #expect(error.hasPrefix("\u{1B}[2m2025-03-01T12:00:00.123Z\u{1B}[0m \u{1B}[31merror\u{1B}[0m "))
        let report = try #require(coloured.render(Self.event(try Self.fixture("report-warm.txt"))))
        #expect(report.contains("\u{1B}[36mREPORT\u{1B}[0m"))
        for name in ["backend-error.json", "report-warm.txt", "plain-python.txt"] {
            #expect(LogEventRenderer().render(Self.event(try Self.fixture(name)))?.contains("\u{1B}") == false)
        }
    }

    @Test("JSON field values keep their type: numbers, booleans, null, nested objects")
    func fieldValues() {
        let line = #"{"msg":"m","level":"WARN","n":3,"x":1.5,"ok":true,"none":null,"tags":["a","b"],"o":{"k":"v w"}}"#
        #expect(
            LogEventRenderer().render(Self.event(line))
                == #"2025-03-01T12:00:00.123Z warn  - m n=3 none=null o={"k":"v w"} ok=true tags=["a","b"] x=1.5"#)
    }

    @Test("times in UTC to the millisecond, before and after 2000")
    func times() {
        #expect(LogEventRenderer.time(0) == "1970-01-01T00:00:00.000Z")
        #expect(LogEventRenderer.time(951_782_400_007) == "2000-02-29T00:00:00.007Z")
        #expect(LogEventRenderer.time(Self.timestamp) == "2025-03-01T12:00:00.123Z")
    }
}
