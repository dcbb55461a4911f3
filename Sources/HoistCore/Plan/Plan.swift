import Foundation

/// What a deploy would do to one resource.
public enum PlanAction: String, Sendable, Codable, Equatable {
    /// The resource does not exist yet.
    case create
    /// Some attributes differ and can be changed in place.
    case update
    /// An attribute differs that cannot be changed in place.
    case replace
    /// The resource exists but is no longer configured.
    case delete
    /// An untagged resource of the expected name is taken over (`--adopt`): tagged, then changed in place.
    case adopt
    /// Nothing to do.
    case noOp = "no-op"
}

/// One attribute's before and after.
public struct AttributeChange: Sendable, Equatable, Codable {
    /// The attribute.
    public var attribute: String
    /// The observed value (nil when creating or absent).
    public var before: PlanValue?
    /// The desired value (nil when deleting).
    public var after: PlanValue?
    /// Whether this change forces replacement.
    public var forcesReplacement: Bool

    /// Creates a change.
    public init(attribute: String, before: PlanValue?, after: PlanValue?, forcesReplacement: Bool = false) {
        self.attribute = attribute
        self.before = before
        self.after = after
        self.forcesReplacement = forcesReplacement
    }
}

/// The plan for one resource.
public struct ResourcePlan: Sendable, Equatable {
    /// The resource's kind.
    public var kind: ResourceKind
    /// The resource's name.
    public var name: String
    /// The action.
    public var action: PlanAction
    /// The attribute changes (all attributes for a create).
    public var changes: [AttributeChange]
    /// Why, in words.
    public var reason: String
    /// The desired state (nil for a delete).
    public var desired: ResourceState?
    /// The observed state (nil for a create).
    public var observed: ResourceState?

    /// Creates a resource plan.
    public init(
        kind: ResourceKind, name: String, action: PlanAction, changes: [AttributeChange], reason: String,
        desired: ResourceState?, observed: ResourceState?
    ) {
        self.kind = kind
        self.name = name
        self.action = action
        self.changes = changes
        self.reason = reason
        self.desired = desired
        self.observed = observed
    }

    /// `kind.name`.
    public var address: ResourceAddress { ResourceAddress(kind, name) }
}

/// A resource of an expected name that this stage does not own: the plan cannot be applied while there is one.
public struct PlanConflict: Sendable, Equatable, Codable {
    /// The resource.
    public var address: ResourceAddress
    /// Whose it is, in words.
    public var owner: String
    /// Whether `--adopt` would take it over (it carries no hoist tags).
    public var adoptable: Bool

    /// Creates a conflict.
    public init(address: ResourceAddress, owner: String, adoptable: Bool) {
        self.address = address
        self.owner = owner
        self.adoptable = adoptable
    }
}

/// An artifact the plan's resources use, with the digest apply checks on disk.
public struct PlannedArtifact: Sendable, Equatable, Codable {
    /// The zip's path.
    public var path: String
    /// Its SHA-256, hex.
    public var sha256: String

    /// Creates one.
    public init(path: String, sha256: String) {
        self.path = path
        self.sha256 = sha256
    }
}

/// Everything a deploy (or a destroy) would do, in the order it would do it; self-contained, so that
/// `hoist apply plan.json` applies exactly what was reviewed.
public struct Plan: Sendable, Equatable {
    /// The version of the JSON format.
    public static let formatVersion = "2"
    /// What the plan is for.
    public enum Mode: String, Sendable, Codable {
        /// Take the account to hoist.yml.
        case deploy
        /// Remove the stage.
        case destroy
    }
    /// Deploy or destroy.
    public var mode: Mode = .deploy
    /// The project.
    public var project: String
    /// The stage.
    public var stage: String
    /// The region.
    public var region: String
    /// The account.
    public var account: String
    /// The AWS partition.
    public var partition = "aws"
    /// The hoist that made it.
    public var hoistVersion = HoistVersion.version
    /// When it was made.
    public var createdAt = Date()
    /// Per-resource plans, dependencies first (deletes last, dependents first).
    public var resources: [ResourcePlan]
    /// Resources of expected names that belong to someone else.
    public var conflicts: [PlanConflict] = []
    /// Things said about the plan that are not actions (data kept, resources left alone).
    public var notes: [String] = []
    /// The artifacts apply uploads or points functions at.
    public var artifacts: [PlannedArtifact] = []
    /// Resources kept although they go: destroy's data resources (tables and secrets), and what a deploy no longer
    /// configures but that holds data (a queue with messages); unless data deletion was asked for.
    public var kept: [ResourceAddress] = []

    /// The resources the plan deletes, in order.
    public var removed: [ResourceAddress] { resources.filter { $0.action == .delete }.map(\.address) }

    /// Creates a plan.
    public init(project: String, stage: String, region: String, account: String, resources: [ResourcePlan]) {
        self.project = project
        self.stage = stage
        self.region = region
        self.account = account
        self.resources = resources
    }

    /// Whether any resource would change.
    public var hasChanges: Bool { resources.contains { $0.action != .noOp } }

    /// How many resources per action.
    public func count(_ action: PlanAction) -> Int { resources.filter { $0.action == action }.count }
}

/// Compares desired and observed state and orders the actions.
public enum Planner {
    /// The plan that takes `observed` to `desired`; observed resources not desired are deleted when `prune`, but
    /// those with a ``ResourceState/keepReason`` (a queue holding messages) only with `deleteData`: otherwise they
    /// are kept, and a note says why. A desired resource observed with another owner is a conflict; an untagged one
    /// is adopted when `adopt`.
    public static func plan(
        project: String, stage: String, region: String, account: String, desired: [ResourceState],
        observed: [ResourceState], prune: Bool = true, adopt: Bool = false, deleteData: Bool = false
    ) -> Plan {
        let observedByAddress = Dictionary(observed.map { ($0.address, $0) }, uniquingKeysWith: { first, _ in first })
        var plans: [ResourcePlan] = []
        var conflicts: [PlanConflict] = []
        for resource in ordered(desired) {
            guard let current = observedByAddress[resource.address] else {
                let changes = resource.attributes.sorted { $0.key < $1.key }.map {
                    AttributeChange(attribute: $0.key, before: nil, after: $0.value)
                }
                plans.append(
                    ResourcePlan(
                        kind: resource.kind, name: resource.name, action: .create, changes: changes,
                        reason: "does not exist", desired: resource, observed: nil))
                continue
            }
            let adopting = current.ownership == .untagged && adopt
            if !current.ownership.isOwned && !adopting {
                conflicts.append(
                    PlanConflict(
                        address: resource.address, owner: current.ownership.owner,
                        adoptable: current.ownership == .untagged))
            }
            plans.append(compare(resource, current, adopting: adopting))
        }
        var kept: [ResourceState] = []
        if prune {
            let desiredAddresses = Set(desired.map(\.address))
            for resource in observed.sorted(by: { $0.address > $1.address })
            where !desiredAddresses.contains(resource.address) && resource.ownership.isOwned {
                if resource.keepReason != nil && !deleteData {
                    kept.append(resource)
                    continue
                }
                plans.append(
                    ResourcePlan(
                        kind: resource.kind, name: resource.name, action: .delete,
                        changes: resource.attributes.sorted { $0.key < $1.key }.map {
                            AttributeChange(attribute: $0.key, before: $0.value, after: nil)
                        }, reason: resource.pruneReason ?? "no longer configured", desired: nil, observed: resource))
            }
        }
        var plan = Plan(project: project, stage: stage, region: region, account: account, resources: plans)
        plan.conflicts = conflicts
        plan.kept = kept.map(\.address)
        plan.notes = kept.map { keptNote($0.address, reason: $0.keepReason) }
        return plan
    }

    /// `kept queue.x: holds 3 messages (pass --delete-data to delete it)`; without a reason, `kept table.x (…)`.
    public static func keptNote(_ address: ResourceAddress, reason: String?) -> String {
        "kept \(address)\(reason.map { ": \($0)" } ?? "") (pass --delete-data to delete it)"
    }

    /// One desired resource against what was read.
    static func compare(_ resource: ResourceState, _ current: ResourceState, adopting: Bool) -> ResourcePlan {
        var changes: [AttributeChange] = []
        for (key, value) in resource.attributes.sorted(by: { $0.key < $1.key }) where current.attributes[key] != value {
            changes.append(
                AttributeChange(
                    attribute: key, before: current.attributes[key], after: value,
                    forcesReplacement: resource.replaceOnChange.contains(key)))
        }
        let action: PlanAction
        if adopting {
            action = .adopt
        } else {
            action = changes.isEmpty ? .noOp : changes.contains { $0.forcesReplacement } ? .replace : .update
        }
        let reason: String
        switch action {
        case .noOp: reason = "up to date"
        case .adopt: reason = "exists without hoist's tags: taken over (--adopt)"
        case .replace:
            reason =
                "changing " + changes.filter(\.forcesReplacement).map(\.attribute).joined(separator: ", ")
                + " requires a new resource"
        default: reason = changes.count == 1 ? "1 attribute differs" : "\(changes.count) attributes differ"
        }
        return ResourcePlan(
            kind: resource.kind, name: resource.name, action: action, changes: changes, reason: reason,
            desired: resource, observed: current)
    }

    /// Dependencies first, then by kind and name: a stable topological order.
    public static func ordered(_ resources: [ResourceState]) -> [ResourceState] {
        let byAddress = Dictionary(resources.map { ($0.address, $0) }, uniquingKeysWith: { first, _ in first })
        var done: Set<ResourceAddress> = []
        var visiting: Set<ResourceAddress> = []
        var result: [ResourceState] = []
        func visit(_ resource: ResourceState) {
            guard !done.contains(resource.address), !visiting.contains(resource.address) else { return }
            visiting.insert(resource.address)
            for dependency in resource.dependsOn.sorted() { if let next = byAddress[dependency] { visit(next) } }
            visiting.remove(resource.address)
            done.insert(resource.address)
            result.append(resource)
        }
        for resource in resources.sorted(by: { $0.address < $1.address }) { visit(resource) }
        return result
    }
}
