import Foundation

/// Lambda's `REPORT RequestId: …` line, the one it writes after each invocation: duration, memory, and on a cold
/// start the init duration.
///
/// The line is tab-separated `Key: value` pairs (`Duration: 2.06 ms\tBilled Duration: 3 ms\tMemory Size: 128 MB\t
/// Max Memory Used: 70 MB\tInit Duration: 180.33 ms`, then sometimes `Status: timeout` or an X-Ray trace id).
/// The numbers are kept as written, so nothing is rounded on the way.
public struct LambdaReport: Sendable, Equatable {
    /// The invocation's request id.
    public var requestId: String
    /// `Duration`, in milliseconds as written (`2.06`).
    public var duration: String
    /// `Billed Duration`, in milliseconds.
    public var billedDuration: String?
    /// `Memory Size`, in MB.
    public var memorySize: String?
    /// `Max Memory Used`, in MB.
    public var maxMemoryUsed: String?
    /// `Init Duration`, in milliseconds: only on a cold start.
    public var initDuration: String?
    /// `Status` (`timeout`, `error`), when Lambda wrote one.
    public var status: String?

    /// The prefix of the line.
    static let prefix = "REPORT RequestId: "

    /// Parses a REPORT line; nil for any other line, or one without a duration.
    public init?(line: String) {
        guard line.hasPrefix(Self.prefix) else { return nil }
        var fields: [String: String] = [:]
        for part in line.dropFirst("REPORT ".count).split(separator: "\t") {
            guard let colon = part.firstIndex(of: ":") else { continue }
            let key = part[..<colon].trimmingCharacters(in: .whitespaces)
            fields[key] = part[part.index(after: colon)...].trimmingCharacters(in: .whitespacesAndNewlines)
        }
        func number(_ key: String, unit: String) -> String? {
            guard let value = fields[key] else { return nil }
            return value.hasSuffix(" " + unit) ? String(value.dropLast(unit.count + 1)) : value
        }
        guard let requestId = fields["RequestId"], !requestId.isEmpty, let duration = number("Duration", unit: "ms")
        else { return nil }
        self.requestId = requestId
        self.duration = duration
        billedDuration = number("Billed Duration", unit: "ms")
        memorySize = number("Memory Size", unit: "MB")
        maxMemoryUsed = number("Max Memory Used", unit: "MB")
        initDuration = number("Init Duration", unit: "ms")
        status = fields["Status"]
    }

    /// The short summary: `2.06 ms, memory 70/128 MB, init 180.33 ms` (init only when there was one).
    public var summary: String {
        var parts = ["\(duration) ms"]
        switch (maxMemoryUsed, memorySize) {
        case (let used?, let size?): parts.append("memory \(used)/\(size) MB")
        case (let used?, nil): parts.append("memory \(used) MB")
        case (nil, let size?): parts.append("memory size \(size) MB")
        case (nil, nil): break
        }
        if let initDuration { parts.append("init \(initDuration) ms") }
        if let status { parts.append("status \(status)") }
        return parts.joined(separator: ", ")
    }
}
