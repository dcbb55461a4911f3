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
    /// Nothing to do.
    case noOp = "no-op"
}

/// One attribute's before and after.
public struct AttributeChange: Sendable, Equatable {
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

    /// `kind.name`.
    public var address: String { "\(kind.rawValue).\(name)" }
}

/// Everything a deploy would do, in the order it would do it.
public struct Plan: Sendable, Equatable {
    /// The version of the JSON format.
    public static let formatVersion = "1"
    /// The project.
    public var project: String
    /// The stage.
    public var stage: String
    /// The region.
    public var region: String
    /// The account.
    public var account: String
    /// Per-resource plans, dependencies first.
    public var resources: [ResourcePlan]

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
    /// The plan that takes `observed` to `desired`; observed resources not desired are deleted when `prune`.
    public static func plan(
        project: String, stage: String, region: String, account: String, desired: [ResourceState],
        observed: [ResourceState], prune: Bool = true
    ) -> Plan {
        let observedByAddress = Dictionary(observed.map { ($0.address, $0) }, uniquingKeysWith: { first, _ in first })
        var plans: [ResourcePlan] = []
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
            var changes: [AttributeChange] = []
            for (key, value) in resource.attributes.sorted(by: { $0.key < $1.key })
            where current.attributes[key] != value {
                changes.append(
                    AttributeChange(
                        attribute: key, before: current.attributes[key], after: value,
                        forcesReplacement: resource.replaceOnChange.contains(key)))
            }
            let action: PlanAction =
                changes.isEmpty ? .noOp : changes.contains { $0.forcesReplacement } ? .replace : .update
            let reason: String
            switch action {
            case .noOp: reason = "up to date"
            case .replace:
                reason =
                    "changing " + changes.filter(\.forcesReplacement).map(\.attribute).joined(separator: ", ")
                    + " requires a new resource"
            default: reason = changes.count == 1 ? "1 attribute differs" : "\(changes.count) attributes differ"
            }
            plans.append(
                ResourcePlan(
                    kind: resource.kind, name: resource.name, action: action, changes: changes, reason: reason,
                    desired: resource, observed: current))
        }
        if prune {
            let desiredAddresses = Set(desired.map(\.address))
            for resource in observed.sorted(by: { ($0.kind, $0.name) > ($1.kind, $1.name) })
            where !desiredAddresses.contains(resource.address) {
                plans.append(
                    ResourcePlan(
                        kind: resource.kind, name: resource.name, action: .delete,
                        changes: resource.attributes.sorted { $0.key < $1.key }.map {
                            AttributeChange(attribute: $0.key, before: $0.value, after: nil)
                        }, reason: "no longer configured", desired: nil, observed: resource))
            }
        }
        return Plan(project: project, stage: stage, region: region, account: account, resources: plans)
    }

    /// Dependencies first, then by kind and name: a stable topological order.
    public static func ordered(_ resources: [ResourceState]) -> [ResourceState] {
        let byAddress = Dictionary(resources.map { ($0.address, $0) }, uniquingKeysWith: { first, _ in first })
        var done: Set<String> = []
        var visiting: Set<String> = []
        var result: [ResourceState] = []
        func visit(_ resource: ResourceState) {
            guard !done.contains(resource.address), !visiting.contains(resource.address) else { return }
            visiting.insert(resource.address)
            for dependency in resource.dependsOn.sorted() { if let next = byAddress[dependency] { visit(next) } }
            visiting.remove(resource.address)
            done.insert(resource.address)
            result.append(resource)
        }
        for resource in resources.sorted(by: { ($0.kind, $0.name) < ($1.kind, $1.name) }) { visit(resource) }
        return result
    }
}
