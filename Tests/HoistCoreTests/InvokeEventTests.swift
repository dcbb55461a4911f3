import Foundation
import HoistTestSupport
import Testing

@testable import HoistCore

/// `InvokeEvent.read`: `{}` by default, a file or standard input capped at 6 MB, JSON checked before any call.
@Suite("invoke: the event")
struct InvokeEventTests {
    /// A file under `Tests/HoistCoreTests/Fixtures/invoke/`.
    static func fixture(_ name: String) throws -> URL {
        let folder = try #require(Bundle.module.url(forResource: "Fixtures", withExtension: nil))
        return folder.appendingPathComponent("invoke/\(name)")
    }

    /// A file holding `bytes`, opened for reading, as standard input would be.
    static func handle(_ bytes: [UInt8]) throws -> FileHandle {
        let url = try TemporaryDirectory.kept("invoke-event").appendingPathComponent("stdin")
        try Data(bytes).write(to: url)
        return try FileHandle(forReadingFrom: url)
    }

    /// A JSON string literal of exactly `count` bytes.
    static func jsonString(bytes count: Int) -> [UInt8] {
        [0x22] + [UInt8](repeating: UInt8(ascii: "a"), count: count - 2) + [0x22]
    }

    static func code(_ body: () throws -> [UInt8]) -> InvokeError.Code? {
        do {
            _ = try body()
            return nil
        } catch let error as InvokeError {
            return error.code
        } catch {
            return nil
        }
    }

    @Test("no --event sends {}; `-` is standard input and a path a file")
    func sources() throws {
        #expect(InvokeEventSource(argument: nil) == .empty)
        #expect(InvokeEventSource(argument: "-") == .standardInput)
        #expect(InvokeEventSource(argument: "e.json") == .file("e.json"))
        #expect(try InvokeEvent.read(.empty) == Array("{}".utf8))
    }

    @Test("a file is sent byte for byte, whitespace and key order kept")
    func file() throws {
        let url = try Self.fixture("payload.json")
        #expect(try InvokeEvent.read(.file(url.path)) == Array(try Data(contentsOf: url)))
    }

    @Test("standard input through a pipe; any JSON value, a bare string too")
    func standardInput() throws {
        for text in [#"{"rawPath": "/health"}"#, #""just text""#, "42"] {
            let pipe = Pipe()
            pipe.fileHandleForWriting.write(Data(text.utf8))
            try pipe.fileHandleForWriting.close()
            #expect(try InvokeEvent.read(.standardInput, standardInput: pipe.fileHandleForReading) == Array(text.utf8))
        }
    }

    @Test("exactly 6,291,456 bytes pass; one byte more is refused")
    func limit() throws {
        let atLimit = Self.jsonString(bytes: InvokeEvent.maxBytes)
        #expect(try InvokeEvent.read(.standardInput, standardInput: Self.handle(atLimit)).count == 6_291_456)
        let over = Self.jsonString(bytes: InvokeEvent.maxBytes + 1)
        #expect(Self.code { try InvokeEvent.read(.standardInput, standardInput: Self.handle(over)) } == .eventTooLarge)
    }

    @Test("a 20 MB input is refused after reading the limit and one byte, not the whole")
    func readsOnlyTheCap() throws {
        let handle = try Self.handle(Self.jsonString(bytes: 20 << 20))
        #expect(Self.code { try InvokeEvent.read(.standardInput, standardInput: handle) } == .eventTooLarge)
        #expect(try handle.offset() == UInt64(InvokeEvent.maxBytes + 1))
    }

    @Test("invalid JSON is refused with Foundation's reason and its line and column")
    func invalidJSON() throws {
        let path = try Self.fixture("broken-event.json").path
        do {
            _ = try InvokeEvent.read(.file(path))
            Issue.record("the broken event was accepted")
        } catch let error as InvokeError {
            #expect(error.code == .eventNotJSON)
            #expect(error.message.hasPrefix("the event in \(path) is not valid JSON: "), "\(error.message)")
            #expect(error.message.contains("(line 6, column 11)"), "\(error.message)")
            #expect(error.hint == "Lambda takes a JSON event; nothing was sent")
        }
    }

    @Test("empty input, truncated JSON and trailing garbage are refused")
    func otherInvalid() throws {
        for text in ["", " \n", #"{"a": [1, 2"#, #"{"a": 1} {"b": 2}"#] {
            let code = Self.code {
                try InvokeEvent.read(.standardInput, standardInput: Self.handle(Array(text.utf8)))
            }
            #expect(code == .eventNotJSON, "\(text)")
        }
        do {
            _ = try InvokeEvent.validate([], from: .standardInput)
        } catch let error as InvokeError {
            #expect(error.message == "the event in standard input is not valid JSON: it is empty")
        }
    }

    @Test("a missing file is unreadable, with a hint")
    func missingFile() throws {
        do {
            _ = try InvokeEvent.read(.file("/nonexistent/event.json"))
            Issue.record("a missing file was read")
        } catch let error as InvokeError {
            #expect(error.code == .eventUnreadable)
            #expect(error.hint?.contains("no such file") == true)
        }
    }
}
