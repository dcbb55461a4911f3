import Foundation
import HoistAWS

/// What `hoist invoke` prints for an answer: the payload on standard output, the rest on standard error.
///
/// Why split so: standard output carries only the function's response, byte for byte when piped (so
/// `hoist invoke > out.json` is the response), pretty-printed only for a person at a terminal. The log tail, which
/// version ran, and a function error go to standard error; a function error prints no payload and fails the command.
public struct InvocationReport: Sendable, Equatable {
    /// The bytes for standard output.
    public var standardOutput: [UInt8]
    /// The text for standard error.
    public var standardError: String
    /// Whether the function failed (the command then exits 1).
    public var failed: Bool

    /// The report of `invocation` of `target`; `showLog` decodes the log tail, `terminal` pretty-prints JSON.
    public init(_ invocation: LambdaInvocation, target: InvokeTarget, showLog: Bool, terminal: Bool) {
        let version = invocation.executedVersion ?? "an unreported version"
        let ran =
            "\(target.functionName): \(version == "$LATEST" ? version : "version \(version)") ran"
            + Self.through(target.qualifier) + (invocation.requestId.map { ", request id \($0)" } ?? "")
        self.init(
            payload: invocation.payload, functionError: invocation.functionError, ran: ran,
            log: showLog ? Self.logTail(invocation.logResult) : nil, hint: nil, terminal: terminal)
    }

    /// The report of an answer by parts, under the same rules: `log` (already framed) first on standard error,
    /// then `ran` (what ran, and where), then for a `functionError` (`Unhandled`) the error document's type and
    /// message and `hint`; otherwise `payload` on standard output. What `hoist invoke --local` prints.
    public init(
        payload: [UInt8], functionError: String?, ran: String, log: String?, hint: String?, terminal: Bool
    ) {
        var errorLines = log.map { [$0] } ?? []
        errorLines.append(ran)
        if let kind = functionError {
            failed = true
            standardOutput = []
            errorLines.append(Self.functionError(kind, payload: payload))
            if let hint { errorLines.append("  hint: \(hint)") }
        } else {
            failed = false
            standardOutput = Self.payload(payload, terminal: terminal)
        }
        standardError = errorLines.map { $0.hasSuffix("\n") ? $0 : $0 + "\n" }.joined()
    }

    static func through(_ qualifier: InvokeTarget.Qualifier) -> String {
        if case .alias(let name) = qualifier { return " (through alias \(name))" }
        return ""
    }

    /// The payload as-is, or pretty-printed JSON on a terminal (with a final newline there either way).
    static func payload(_ bytes: [UInt8], terminal: Bool) -> [UInt8] {
        guard terminal else { return bytes }
        if let value = try? JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed]),
            let pretty = try? JSONSerialization.data(
                withJSONObject: value,
                options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes, .fragmentsAllowed])
        {
            return Array(pretty) + [0x0A]
        }
        return bytes.last == 0x0A || bytes.isEmpty ? bytes : bytes + [0x0A]
    }

    /// The decoded `X-Amz-Log-Result` (the log's last 4 KB), between marker lines.
    static func logTail(_ result: String?) -> String {
        guard let result else { return "--- no log returned (X-Amz-Log-Result absent) ---" }
        guard let data = Data(base64Encoded: result) else {
            return "--- the log could not be decoded (X-Amz-Log-Result is not base64) ---"
        }
        // The tail is cut at 4 KB of bytes, maybe inside a character: decoding replaces what was cut.
        let text = String(decoding: data, as: UTF8.self)
        return "--- log tail (last 4 KB) ---\n" + text + (text.hasSuffix("\n") ? "" : "\n") + "--- end of log ---"
    }

    /// `error: function error (Unhandled): Type: message`, then the stack trace, from Lambda's error document;
    /// a payload of another shape is shown as it is.
    static func functionError(_ kind: String, payload: [UInt8]) -> String {
        let object = (try? JSONSerialization.jsonObject(with: Data(payload))) as? [String: Any]
        guard let object, object["errorType"] != nil || object["errorMessage"] != nil else {
            return "error: function error (\(kind)): " + String(decoding: payload, as: UTF8.self)
        }
        let type = object["errorType"].map { "\($0)" } ?? "(no errorType)"
        let message = object["errorMessage"].map { "\($0)" } ?? "(no errorMessage)"
        var lines = ["error: function error (\(kind)): \(type): \(message)"]
        let trace = (object["stackTrace"] as? [Any]) ?? (object["trace"] as? [Any]) ?? []
        lines += trace.prefix(20).map { "    \(($0 as? [Any])?.map { "\($0)" }.joined(separator: " ") ?? "\($0)")" }
        return lines.joined(separator: "\n")
    }
}
