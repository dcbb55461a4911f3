import Foundation

/// What a published version's description records, for `hoist releases`: the code's SHA-256, the source's git
/// commit when there is one, and when hoist published it. Written and read here only.
///
/// `hoist code=<base64 sha256> commit=<sha> at=<ISO 8601>`, well inside Lambda's 256 characters.
public struct ReleaseDescription: Sendable, Equatable {
    /// base64(SHA-256(zip)), as Lambda reports CodeSha256.
    public var codeSha256: String
    /// The git commit of the source, if it was in a repository.
    public var commit: String?
    /// When the version was published.
    public var publishedAt: Date?

    /// Creates one.
    public init(codeSha256: String, commit: String?, publishedAt: Date?) {
        self.codeSha256 = codeSha256
        self.commit = commit
        self.publishedAt = publishedAt
    }

    /// The description text.
    public var text: String {
        var parts = ["hoist", "code=\(codeSha256)"]
        if let commit { parts.append("commit=\(commit)") }
        if let publishedAt { parts.append("at=\(Self.formatter.string(from: publishedAt))") }
        return parts.joined(separator: " ")
    }

    /// Reads a description hoist wrote; nil for one it did not.
    public init?(_ text: String) {
        let words = text.split(separator: " ")
        guard words.first == "hoist" else { return nil }
        var fields: [String: String] = [:]
        for word in words.dropFirst() {
            guard let equals = word.firstIndex(of: "=") else { continue }
            fields[String(word[..<equals])] = String(word[word.index(after: equals)...])
        }
        guard let code = fields["code"] else { return nil }
        self.init(
            codeSha256: code, commit: fields["commit"], publishedAt: fields["at"].flatMap(Self.formatter.date(from:)))
    }

    static var formatter: ISO8601DateFormatter {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter
    }
}
