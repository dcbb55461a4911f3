#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// Writes one JSON object per line to standard output (CloudWatch Logs in Lambda), unbuffered.
public struct JSONLogger: Sendable {
    /// Where lines go; standard output unless a test captures them.
    public let sink: @Sendable (String) -> Void
    /// Whether debug lines are written.
    public let debugEnabled: Bool

    /// Creates a logger writing to standard output.
    public init(debugEnabled: Bool = false, sink: (@Sendable (String) -> Void)? = nil) {
        self.debugEnabled = debugEnabled
        self.sink =
            sink ?? { line in
                var bytes = Array(line.utf8)
                bytes.append(UInt8(ascii: "\n"))
                bytes.withUnsafeBytes { buffer in _ = write(1, buffer.baseAddress, buffer.count) }
            }
    }

    /// Logs at `info`.
    public func info(_ message: String, requestId: String? = nil, _ fields: [String: String] = [:]) {
        log("info", message, requestId: requestId, fields)
    }

    /// Logs at `error`.
    public func error(_ message: String, requestId: String? = nil, _ fields: [String: String] = [:]) {
        log("error", message, requestId: requestId, fields)
    }

    /// Logs at `debug` when enabled.
    public func debug(_ message: String, requestId: String? = nil, _ fields: [String: String] = [:]) {
        if debugEnabled { log("debug", message, requestId: requestId, fields) }
    }

    func log(_ level: String, _ message: String, requestId: String?, _ fields: [String: String]) {
        var object = fields
        object["level"] = level
        object["msg"] = message
        object["time"] = UTCClock.iso8601(Date())
        if let requestId { object["requestId"] = requestId }
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        guard let data = try? encoder.encode(object) else { return }
        sink(String(decoding: data, as: UTF8.self))
    }
}
