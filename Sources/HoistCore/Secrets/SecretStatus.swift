import Foundation
import HoistAWS

/// One managed secret's versions (stages and creation dates, never values) and whether rotation is due.
public struct SecretStatus: Sendable, Equatable, Codable {
    /// One version.
    public struct Version: Sendable, Equatable, Codable {
        /// The version id (the backend's `kid`).
        public var versionId: String
        /// Its labels, AWSCURRENT / AWSPENDING / AWSPREVIOUS first; empty for an old version.
        public var stages: [String]
        /// When it was created.
        public var created: Date?

        /// Creates a version entry.
        public init(versionId: String, stages: [String], created: Date?) {
            self.versionId = versionId
            self.stages = stages
            self.created = created
        }
    }

    /// The logical name in hoist.yml (`JWT_SECRET_KEY`).
    public var name: String
    /// The Secrets Manager name (`<project>/<stage>/<NAME>`).
    public var secretId: String
    /// Whether the secret exists (false before the first deploy).
    public var exists: Bool
    /// Versions, newest first (ties: AWSCURRENT, AWSPENDING, AWSPREVIOUS, then none).
    public var versions: [Version]
    /// `rotate_every` in days, if set.
    public var rotateEveryDays: Int?
    /// Whether native (scheduled) rotation is on in Secrets Manager.
    public var scheduledRotation: Bool
    /// When the AWSCURRENT version was made (the age rotation is measured from).
    public var currentSince: Date?
    /// When a rotation falls due (`currentSince` + `rotate_every`), if `rotate_every` is set.
    public var rotationDue: Date?
    /// Whether that moment has passed.
    public var isDue: Bool

    /// Creates a status.
    public init(
        name: String, secretId: String, exists: Bool, versions: [Version], rotateEveryDays: Int?,
        scheduledRotation: Bool, currentSince: Date?, rotationDue: Date?, isDue: Bool
    ) {
        self.name = name
        self.secretId = secretId
        self.exists = exists
        self.versions = versions
        self.rotateEveryDays = rotateEveryDays
        self.scheduledRotation = scheduledRotation
        self.currentSince = currentSince
        self.rotationDue = rotationDue
        self.isDue = isDue
    }

    /// The order labels sort in when two versions share a creation time: AWSCURRENT 0 … none 3.
    public static func rankOf(_ stages: [String]) -> Int {
        if stages.contains("AWSCURRENT") { return 0 }
        if stages.contains("AWSPENDING") { return 1 }
        if stages.contains("AWSPREVIOUS") { return 2 }
        return 3
    }

    /// Builds a status from what Secrets Manager reported (pure: `now` is given).
    ///
    /// Labels come from DescribeSecret's `VersionIdsToStages` (authoritative) over ListSecretVersionIds'
    /// entries; rotation is due when `rotate_every` is set and the AWSCURRENT version (or the last rotation,
    /// when later) is older than that.
    public static func make(
        name: String, secretId: String, rotateEveryDays: Int?, description: SecretDescription?,
        versions: [SecretVersionEntry], now: Date
    ) -> SecretStatus {
        guard let description else {
            return SecretStatus(
                name: name, secretId: secretId, exists: false, versions: [], rotateEveryDays: rotateEveryDays,
                scheduledRotation: false, currentSince: nil, rotationDue: nil, isDue: false)
        }
        let labels = description.versionIdsToStages ?? [:]
        let order = ["AWSCURRENT", "AWSPENDING", "AWSPREVIOUS"]
        var entries = versions.map { entry -> Version in
            let stages = labels[entry.versionId] ?? entry.versionStages ?? []
            let sorted = stages.sorted { (order.firstIndex(of: $0) ?? 9, $0) < (order.firstIndex(of: $1) ?? 9, $1) }
            return Version(versionId: entry.versionId, stages: sorted, created: entry.createdDate)
        }
        for (id, stages) in labels where !entries.contains(where: { $0.versionId == id }) {
            entries.append(Version(versionId: id, stages: stages, created: nil))
        }
        entries.sort { lhs, rhs in
            let left = lhs.created ?? .distantPast
            let right = rhs.created ?? .distantPast
            if left != right { return left > right }
            if rankOf(lhs.stages) != rankOf(rhs.stages) { return rankOf(lhs.stages) < rankOf(rhs.stages) }
            return lhs.versionId < rhs.versionId
        }
        let currentCreated = entries.first { $0.stages.contains("AWSCURRENT") }?.created
        let since = [currentCreated, description.lastRotatedDate].compactMap { $0 }.max()
        let due = rotateEveryDays.flatMap { days in since.map { $0.addingTimeInterval(Double(days) * 86_400) } }
        return SecretStatus(
            name: name, secretId: secretId, exists: true, versions: entries, rotateEveryDays: rotateEveryDays,
            scheduledRotation: description.rotationEnabled ?? false, currentSince: since, rotationDue: due,
            isDue: due.map { $0 <= now } ?? false)
    }

    /// Reads the status of every secret of a deployment: DescribeSecret and ListSecretVersionIds per secret.
    public static func read(
        client: AWSClient, project: String, stage: String, secrets: [SecretConfig], now: Date = Date()
    ) async throws -> [SecretStatus] {
        let names = ResourceNames(project: project, stage: stage)
        let service = SecretsManager(client: client)
        var statuses: [SecretStatus] = []
        for secret in secrets {
            let id = names.secret(secret.name)
            let description = try await AWSError.nilIfNotFound { try await service.describeSecret(id: id) }
            let live = description.flatMap { $0.deletedDate == nil ? $0 : nil }
            let versions = live == nil ? [] : try await service.listSecretVersionIds(id: id)
            statuses.append(
                make(
                    name: secret.name, secretId: id, rotateEveryDays: secret.rotateEveryDays, description: live,
                    versions: versions, now: now))
        }
        return statuses
    }

    /// Human-readable lines: the secret, then one line per version.
    public static func text(_ statuses: [SecretStatus]) -> String {
        var lines: [String] = []
        for status in statuses {
            guard status.exists else {
                lines.append("\(status.name) (\(status.secretId)): not created yet (run hoist deploy)")
                continue
            }
            var rotation = "rotate_every: not set"
            if let days = status.rotateEveryDays, let due = status.rotationDue {
                rotation =
                    "rotate_every: \(days) days, " + (status.isDue ? "rotation DUE since " : "next due ")
                    + iso(due)
            }
            if status.scheduledRotation { rotation += " (scheduled rotation on)" }
            lines.append("\(status.name) (\(status.secretId)): \(status.versions.count) versions; \(rotation)")
            for version in status.versions {
                let stages = version.stages.isEmpty ? "-" : version.stages.joined(separator: ",")
                let created = version.created.map(iso) ?? "unknown"
                lines.append("  \(version.versionId)  \(stages)  created \(created)")
            }
        }
        return lines.joined(separator: "\n")
    }

    /// A JSON document `{"secrets":[…]}` with ISO 8601 dates.
    public static func json(_ statuses: [SecretStatus]) throws -> String {
        struct Document: Encodable { var secrets: [SecretStatus] }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        return String(decoding: try encoder.encode(Document(secrets: statuses)), as: UTF8.self)
    }

    static func iso(_ date: Date) -> String { ISO8601DateFormatter().string(from: date) }
}
