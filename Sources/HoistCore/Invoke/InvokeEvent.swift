import Foundation

/// Where `hoist invoke` takes the event from: nothing (`{}`), a file, or standard input (`-`).
public enum InvokeEventSource: Sendable, Equatable {
    /// No `--event`: the event is `{}`.
    case empty
    /// A JSON file.
    case file(String)
    /// Standard input (`--event -`).
    case standardInput

    /// The source an `--event` argument names.
    public init(argument: String?) {
        switch argument {
        case nil: self = .empty
        case "-": self = .standardInput
        case let path?: self = .file(path)
        }
    }

    /// How messages name it: `events/login.json`, `standard input`.
    public var label: String {
        switch self {
        case .empty: return "the default event"
        case .file(let path): return path
        case .standardInput: return "standard input"
        }
    }
}

/// The event `hoist invoke` sends: read capped at Lambda's synchronous limit and checked to be JSON before any call.
///
/// Why check here: Lambda refuses a payload over 6 MB or one that is not JSON, but only after the credentials, the
/// request and the upload; a local refusal is immediate and can say where the JSON breaks.
public enum InvokeEvent {
    /// Lambda's limit on a synchronous invocation's payload: 6 MB (6,291,456 bytes).
    public static let maxBytes = 6_291_456

    /// The event of `source`: `{}`, or the bytes of the file or of `standardInput`, checked by ``validate(_:from:)``.
    public static func read(_ source: InvokeEventSource, standardInput: FileHandle = .standardInput) throws -> [UInt8] {
        switch source {
        case .empty:
            return Array("{}".utf8)
        case .standardInput:
            return try validate(readCapped(standardInput, from: source), from: source)
        case .file(let path):
            guard let handle = FileHandle(forReadingAtPath: path) else {
                let exists = FileManager.default.fileExists(atPath: path)
                throw InvokeError(
                    code: .eventUnreadable, message: "cannot read the event file \(path)",
                    hint: exists ? "check its permissions" : "no such file; pass a JSON file, or - for standard input")
            }
            defer { try? handle.close() }
            return try validate(readCapped(handle, from: source), from: source)
        }
    }

    /// `bytes` when they are within the limit and one JSON value (any JSON text: an object, but also `"text"`
    /// or `42`, as Lambda accepts); else an error naming where the JSON breaks when Foundation says.
    public static func validate(_ bytes: [UInt8], from source: InvokeEventSource) throws -> [UInt8] {
        guard bytes.count <= maxBytes else { throw tooLarge(source) }
        do {
            _ = try JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed])
            return bytes
        } catch {
            let detail = bytes.allSatisfy(isJSONWhitespace) ? "it is empty" : describe(error, in: bytes)
            throw InvokeError(
                code: .eventNotJSON, message: "the event in \(source.label) is not valid JSON: \(detail)",
                hint: "Lambda takes a JSON event; nothing was sent")
        }
    }

    /// Foundation's reason (`Invalid value around character 15`), with the line and column of that byte offset.
    static func describe(_ error: any Error, in bytes: [UInt8]) -> String {
        var text = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? "\(error)"
        if text.hasSuffix(".") { text.removeLast() }
        if let range = text.range(of: #"character \d+"#, options: .regularExpression),
            let offset = Int(text[range].dropFirst("character ".count)), offset <= bytes.count
        {
            let before = bytes[..<offset]
            let line = before.count { $0 == 0x0A } + 1
            let column = offset - (before.lastIndex(of: 0x0A).map { $0 + 1 } ?? 0) + 1
            text += " (line \(line), column \(column))"
        }
        return text
    }

    /// Up to `maxBytes + 1` bytes of `handle` (the extra byte proves there is more), never the whole of a larger
    /// input.
    static func readCapped(_ handle: FileHandle, from source: InvokeEventSource) throws -> [UInt8] {
        var bytes: [UInt8] = []
        while bytes.count <= maxBytes {
            let chunk: Data?
            do {
                chunk = try handle.read(upToCount: min(1 << 16, maxBytes + 1 - bytes.count))
            } catch {
                throw InvokeError(
                    code: .eventUnreadable, message: "cannot read \(source.label): \(error.localizedDescription)",
                    underlying: error)
            }
            guard let chunk, !chunk.isEmpty else { break }
            bytes.append(contentsOf: chunk)
        }
        guard bytes.count <= maxBytes else { throw tooLarge(source) }
        return bytes
    }

    /// JSON's insignificant whitespace: space, tab, line feed, carriage return.
    static func isJSONWhitespace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }

    static func tooLarge(_ source: InvokeEventSource) -> InvokeError {
        InvokeError(
            code: .eventTooLarge, message: "the event in \(source.label) is over 6 MB (\(maxBytes) bytes)",
            hint: "Lambda's synchronous invocations take at most 6 MB; put large inputs in S3 and send their key")
    }
}
