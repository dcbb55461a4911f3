import Foundation

/// The plan file: the JSON of `hoist plan --format json` and `--out`, which `hoist apply` reads back.
///
/// It is self-contained: every resource's desired spec (what apply sends), what was read (attributes, ARNs and
/// ids, tags, ownership), the artifacts' paths and digests, and the account, region, stage and hoist version it was
/// made for. CI reads the same document: per resource, the address, the action and each attribute's before/after.
public enum PlanFile {
    /// The plan as pretty JSON with sorted keys.
    public static func encode(_ plan: Plan) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        let data = (try? encoder.encode(PlanDocument(plan))) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }

    /// Reads a plan file; refuses another format version with a clear error.
    public static func decode(_ data: Data, path: String = "plan.json") throws -> Plan {
        struct Version: Decodable { var format_version: String? }
        let version = (try? JSONDecoder().decode(Version.self, from: data))?.format_version
        guard version == Plan.formatVersion else {
            throw EngineError(
                code: .badPlan,
                message: "\(path) is not a hoist plan of format \(Plan.formatVersion)"
                    + (version.map { " (its format_version is \($0))" } ?? ""),
                hint: "make it again with `hoist plan --out \(path)` using this hoist")
        }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        do {
            return try decoder.decode(PlanDocument.self, from: data).plan
        } catch {
            throw EngineError(
                code: .badPlan, message: "\(path) cannot be read as a plan: \(error)",
                hint: "make it again with `hoist plan --out \(path)`")
        }
    }
}

/// The plan file's top level.
struct PlanDocument: Codable {
    var format_version = Plan.formatVersion
    var mode: Plan.Mode
    var project: String
    var stage: String
    var region: String
    var account: String
    var partition: String
    var hoist_version: String
    var hoist_commit: String?
    var created_at: Date
    var has_changes: Bool
    var summary: [String: Int]
    var conflicts: [PlanConflict]
    var notes: [String]
    var artifacts: [PlannedArtifact]
    var kept: [ResourceAddress]?
    var resources: [ResourceEntry]

    init(_ plan: Plan) {
        mode = plan.mode
        project = plan.project
        stage = plan.stage
        region = plan.region
        account = plan.account
        partition = plan.partition
        hoist_version = plan.hoistVersion
        hoist_commit = HoistVersion.commit
        created_at = plan.createdAt
        has_changes = plan.hasChanges
        summary = [
            "create": plan.count(.create), "update": plan.count(.update), "replace": plan.count(.replace),
            "delete": plan.count(.delete), "adopt": plan.count(.adopt), "no_op": plan.count(.noOp),
        ]
        conflicts = plan.conflicts
        notes = plan.notes
        artifacts = plan.artifacts
        kept = plan.kept.isEmpty ? nil : plan.kept
        resources = plan.resources.map(ResourceEntry.init)
    }

    var plan: Plan {
        var plan = Plan(
            project: project, stage: stage, region: region, account: account, resources: resources.map(\.plan))
        plan.mode = mode
        plan.partition = partition
        plan.hoistVersion = hoist_version
        plan.createdAt = created_at
        plan.conflicts = conflicts
        plan.notes = notes
        plan.artifacts = artifacts
        plan.kept = kept ?? []
        return plan
    }
}

/// One resource of the plan file.
struct ResourceEntry: Codable {
    var address: ResourceAddress
    var type: ResourceKind
    var name: String
    var action: PlanAction
    var reason: String
    var changes: [ChangeEntry]
    var desired: StateEntry?
    var observed: StateEntry?

    init(_ resource: ResourcePlan) {
        address = resource.address
        type = resource.kind
        name = resource.name
        action = resource.action
        reason = resource.reason
        changes = resource.changes.map(ChangeEntry.init)
        desired = resource.desired.map(StateEntry.init)
        observed = resource.observed.map(StateEntry.init)
    }

    var plan: ResourcePlan {
        ResourcePlan(
            kind: type, name: name, action: action, changes: changes.map(\.change), reason: reason,
            desired: desired?.state(type, name), observed: observed?.state(type, name))
    }
}

/// One attribute change; `before` and `after` are plain JSON, `null` when absent.
struct ChangeEntry: Codable {
    var attribute: String
    var before: PlanValue?
    var after: PlanValue?
    var forces_replacement: Bool

    init(_ change: AttributeChange) {
        attribute = change.attribute
        before = change.before
        after = change.after
        forces_replacement = change.forcesReplacement
    }

    var change: AttributeChange {
        AttributeChange(attribute: attribute, before: before, after: after, forcesReplacement: forces_replacement)
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(attribute, forKey: .attribute)
        try container.encode(before, forKey: .before)
        try container.encode(after, forKey: .after)
        try container.encode(forces_replacement, forKey: .forces_replacement)
    }
}

/// A desired or observed state in the plan file.
struct StateEntry: Codable {
    var attributes: [String: PlanValue]
    var replace_on_change: [String]?
    var depends_on: [ResourceAddress]?
    var spec: SpecBox?
    var parent: ResourceAddress?
    var identity: ResourceIdentity?
    var tags: [String: String]?
    var ownership: Ownership?
    var keep_reason: String?

    init(_ state: ResourceState) {
        attributes = state.attributes
        replace_on_change = state.replaceOnChange.isEmpty ? nil : state.replaceOnChange.sorted()
        depends_on = state.dependsOn.isEmpty ? nil : state.dependsOn
        spec = state.spec
        parent = state.parent
        identity = state.identity == ResourceIdentity() ? nil : state.identity
        tags = state.tags.isEmpty ? nil : state.tags
        ownership = state.ownership
        keep_reason = state.keepReason
    }

    func state(_ kind: ResourceKind, _ name: String) -> ResourceState {
        var state = ResourceState(
            kind: kind, name: name, attributes: attributes, replaceOnChange: Set(replace_on_change ?? []),
            dependsOn: depends_on ?? [], spec: spec, parent: parent)
        state.identity = identity ?? ResourceIdentity()
        state.tags = tags ?? [:]
        state.ownership = ownership ?? .ours
        state.keepReason = keep_reason
        return state
    }
}
