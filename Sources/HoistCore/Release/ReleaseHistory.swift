import Foundation
import HoistAWS

/// A function's published versions and where its alias is: what `hoist releases` prints and `hoist rollback`
/// chooses from.
public struct ReleaseHistory: Sendable, Equatable {
    /// One published version.
    public struct Release: Sendable, Equatable {
        /// The version number.
        public var version: Int
        /// When it was published (from the description hoist wrote, else Lambda's LastModified).
        public var publishedAt: Date?
        /// base64(SHA-256) of its code.
        public var codeSha256: String
        /// The source's git commit, when hoist recorded one.
        public var commit: String?
        /// The share of the alias's traffic it gets: 1 for the version the alias holds with no canary.
        public var weight: Double
        /// The version's configuration, for the compatibility check of a rollback.
        public var configuration: FunctionConfiguration
    }

    /// The function's name.
    public var function: String
    /// The alias's name.
    public var alias: String
    /// The alias as read; nil when the function has none.
    public var aliasConfiguration: AliasConfiguration?
    /// The published versions, newest first.
    public var releases: [Release]

    /// The version the alias holds.
    public var current: Int? { aliasConfiguration?.functionVersion.flatMap(Int.init) }
    /// The canary weights on the alias, by version.
    public var canaryWeights: [Int: Double] {
        Dictionary(
            uniqueKeysWithValues: (aliasConfiguration?.weights ?? [:]).compactMap {
                key, value in Int(key).map { ($0, value) }
            })
    }

    /// Reads the versions and the alias of `function`.
    public static func read(function: String, alias: String, lambda: Lambda) async throws -> ReleaseHistory {
        let versions = try await lambda.listVersionsByFunction(functionName: function).filter {
            $0.version != "$LATEST"
        }
        let aliasConfiguration = try await AWSError.nilIfNotFound {
            try await lambda.getAlias(functionName: function, name: alias)
        }
        return ReleaseHistory(function: function, alias: alias, aliasConfiguration: aliasConfiguration, versions)
    }

    /// Builds the history from Lambda's answers.
    public init(
        function: String, alias: String, aliasConfiguration: AliasConfiguration?, _ versions: [FunctionConfiguration]
    ) {
        self.function = function
        self.alias = alias
        self.aliasConfiguration = aliasConfiguration
        let weights = aliasConfiguration?.weights ?? [:]
        let held = aliasConfiguration?.functionVersion
        let canaryShare = weights.values.reduce(0, +)
        releases = versions.compactMap { configuration -> Release? in
            guard let text = configuration.version, let number = Int(text) else { return nil }
            let recorded = ReleaseDescription(configuration.description ?? "")
            let weight = text == held ? 1 - canaryShare : weights[text] ?? 0
            return Release(
                version: number,
                publishedAt: recorded?.publishedAt ?? configuration.lastModified.flatMap(Self.lambdaDate),
                codeSha256: configuration.codeSha256 ?? recorded?.codeSha256 ?? "", commit: recorded?.commit,
                weight: weight, configuration: configuration)
        }.sorted { $0.version > $1.version }
    }

    /// Lambda's LastModified: `2026-12-02T05:48:02.000+0000`.
    static func lambdaDate(_ text: String) -> Date? {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        for format in ["yyyy-MM-dd'T'HH:mm:ss.SSSZ", "yyyy-MM-dd'T'HH:mm:ssZ", "yyyy-MM-dd'T'HH:mm:ss.SSSSSSZZZZZ"] {
            formatter.dateFormat = format
            if let date = formatter.date(from: text) { return date }
        }
        return ISO8601DateFormatter().date(from: text)
    }

    /// The lines `hoist releases` prints: one per version, the alias's marked, canary weights shown.
    public func text(now: Date = Date()) -> String {
        var lines = ["\(function) (alias \(alias)" + (current.map { " → \($0)" } ?? ": none") + ")"]
        if releases.isEmpty { lines.append("  no published versions") }
        for release in releases {
            let marker = release.version == current ? "*" : release.weight > 0 ? "~" : " "
            var line = "  \(marker) \(String(release.version).padding(toLength: 4, withPad: " ", startingAt: 0))"
            line +=
                " "
                + (release.publishedAt.map { Self.age($0, now: now) } ?? "?").padding(
                    toLength: 8, withPad: " ", startingAt: 0)
            line += " code " + String(release.codeSha256.prefix(12))
            line +=
                " commit "
                + (release.commit.map { String($0.prefix(12)) } ?? "-").padding(
                    toLength: 12, withPad: " ", startingAt: 0)
            if release.weight > 0, release.weight < 1 || !canaryWeights.isEmpty {
                line += " \(CanarySpec.percentText(release.weight * 100))% of traffic"
            }
            lines.append(line)
        }
        return lines.joined(separator: "\n")
    }

    /// `45s`, `12m`, `3h`, `9d`.
    static func age(_ date: Date, now: Date) -> String {
        let seconds = max(0, Int(now.timeIntervalSince(date)))
        switch seconds {
        case ..<60: return "\(seconds)s ago"
        case ..<3600: return "\(seconds / 60)m ago"
        case ..<86_400: return "\(seconds / 3600)h ago"
        default: return "\(seconds / 86_400)d ago"
        }
    }

    /// The JSON form, for scripts.
    public var jsonObject: [String: Any] {
        [
            "function": function, "alias": alias, "alias_version": current.map { $0 as Any } ?? NSNull(),
            "versions": releases.map { release -> [String: Any] in
                [
                    "version": release.version,
                    "published_at": release.publishedAt.map { ReleaseDescription.formatter.string(from: $0) as Any }
                        ?? NSNull(),
                    "code_sha256": release.codeSha256, "commit": release.commit.map { $0 as Any } ?? NSNull(),
                    "weight": release.weight, "alias": release.version == current,
                ]
            },
        ]
    }
}
