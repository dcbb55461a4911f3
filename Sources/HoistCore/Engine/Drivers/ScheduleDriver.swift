import Foundation
import HoistAWS

extension ResourceKind {
    /// An EventBridge Scheduler schedule that invokes a function's alias.
    public static let schedule = ResourceKind("schedule")
}

/// A function's `schedule:` trigger: an EventBridge Scheduler schedule in the account's `default` group that invokes
/// the function's alias on a `rate(…)` or `cron(…)` expression, on time (no flexible window), as the schedule's own
/// role (``roleName(function:)``, allowed only that alias: ``PolicyGenerator/scheduleInvokePolicy(functionArn:qualifier:)``),
/// with an optional JSON payload. Schedules take no tags: owned through the function; one of this name that invokes
/// another function carries no sign of hoist and is untagged (a conflict unless adopted).
public struct ScheduleDriver: ResourceDriver {
    /// The schedule.
    public struct Spec: Codable, Sendable, Equatable {
        /// The schedule's name (the function's).
        public var name: String
        /// `rate(5 minutes)` or `cron(0 8 * * ? *)`.
        public var expression: String
        /// The IANA time zone of a cron expression; nil is UTC.
        public var timezone: String?
        /// The function invoked.
        public var function: String
        /// The alias invoked.
        public var qualifier: String
        /// The role the schedule invokes as, by name.
        public var role: String
        /// The event the function receives, JSON text; nil sends none.
        public var payload: String?

        /// Creates a spec.
        public init(
            name: String, expression: String, timezone: String? = nil, function: String, qualifier: String,
            role: String, payload: String? = nil
        ) {
            self.name = name
            self.expression = expression
            self.timezone = timezone
            self.function = function
            self.qualifier = qualifier
            self.role = role
            self.payload = payload
        }
    }

    /// What a plan shows.
    public enum Attribute: String, CaseIterable, Sendable {
        case expression, timezone, target, role, payload, state
        case flexibleTimeWindow = "flexible_time_window"
    }

    /// The schedule role of a function: `<function>-schedule`.
    public static func roleName(function: String) -> String { "\(function)-schedule" }
    /// The inline policy of a schedule role: `<role>-invoke`.
    public static func rolePolicyName(role: String) -> String { "\(role)-invoke" }

    /// The kind this driver handles.
    public var kind: ResourceKind { .schedule }

    /// What the deploying identity needs for this kind: the schedule calls on the project's names in the default
    /// group (schedules take no tags, so no tag condition can narrow them), and passing a schedule role to
    /// EventBridge Scheduler only.
    public func grants(_ scope: DeployerScope) -> [DeployerGrant] {
        [
            DeployerGrant(
                sid: "Schedules", reads: ["scheduler:GetSchedule"],
                writes: ["scheduler:CreateSchedule", "scheduler:DeleteSchedule", "scheduler:UpdateSchedule"],
                resources: [
                    "\(scope.arnPrefix):scheduler:\(scope.region):\(scope.account):schedule/default/\(scope.prefix)*"
                ]),
            DeployerGrant(
                sid: "PassRoleToScheduler", writes: ["iam:PassRole"],
                resources: [
                    "\(scope.arnPrefix):iam::\(scope.account):role/\(Self.roleName(function: scope.prefix + "*"))"
                ],
                conditions: ["StringEquals": ["iam:PassedToService": ["scheduler.amazonaws.com"]]]),
        ]
    }

    /// The resource's name.
    public func name(of spec: Spec) -> String { spec.name }
    /// The alias it invokes, and its role with the role's policy (EventBridge Scheduler checks at creation that
    /// it can assume the role).
    public func dependencies(of spec: Spec) -> [ResourceAddress] {
        [
            ResourceAddress(.alias, "\(spec.function):\(spec.qualifier)"), ResourceAddress(.role, spec.role),
            ResourceAddress(.rolePolicy, Self.rolePolicyName(role: spec.role)),
        ]
    }
    /// Owned through the function.
    public func parent(of spec: Spec) -> ResourceAddress? { ResourceAddress(.function, spec.function) }

    func functionArn(_ spec: Spec, _ scope: DeploymentScope) -> String {
        scope.arn("lambda", "function:\(spec.function)").description
    }
    func targetArn(_ spec: Spec, _ scope: DeploymentScope) -> String {
        "\(functionArn(spec, scope)):\(spec.qualifier)"
    }
    func roleArn(_ spec: Spec, _ scope: DeploymentScope) -> String {
        scope.arn("iam", "role/\(spec.role)", regional: false).description
    }

    /// JSON text with sorted keys, so that a payload compares by content; text that is not JSON as it is.
    static func canonicalPayload(_ text: String?) -> PlanValue {
        guard let text else { return .string("none") }
        guard let object = try? JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed]),
            let data = try? JSONSerialization.data(
                withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes, .fragmentsAllowed])
        else { return .string(text) }
        return .string(String(decoding: data, as: UTF8.self))
    }

    /// The alias invoked, by address.
    static func target(_ spec: Spec) -> PlanValue {
        .string(ResourceAddress(.alias, "\(spec.function):\(spec.qualifier)").description)
    }
    /// The role, by address.
    static func role(_ spec: Spec) -> PlanValue { .string(ResourceAddress(.role, spec.role).description) }

    /// The attributes a plan shows: the alias and role by address, enabled, on time.
    public func render(_ spec: Spec, _ scope: DeploymentScope) -> [Attribute: PlanValue] {
        [
            .expression: .string(spec.expression), .timezone: .string(spec.timezone ?? "UTC"),
            .target: Self.target(spec), .role: Self.role(spec), .payload: Self.canonicalPayload(spec.payload),
            .state: .string("ENABLED"), .flexibleTimeWindow: .string("OFF"),
        ]
    }

    /// The schedule as EventBridge Scheduler has it; nil when absent.
    static func details(_ spec: Spec, _ context: EngineContext) async throws -> ScheduleDetails? {
        try await AWSError.nilIfNotFound { try await Scheduler(client: context.client).getSchedule(name: spec.name) }
    }

    /// Whether a schedule invokes this spec's function (any alias or version of it).
    func invokesFunction(_ details: ScheduleDetails, _ spec: Spec, _ scope: DeploymentScope) -> Bool {
        let arn = details.target?.arn ?? ""
        return arn == functionArn(spec, scope) || arn.hasPrefix(functionArn(spec, scope) + ":")
    }

    /// Reads the schedule; the alias and role by address when they are the spec's, their ARNs otherwise.
    public func read(_ spec: Spec, _ context: EngineContext) async throws -> Observation<Attribute>? {
        guard let details = try await Self.details(spec, context) else { return nil }
        let target = details.target?.arn ?? ""
        let role = details.target?.roleArn ?? ""
        let window = details.flexibleTimeWindow
        return Observation(
            attributes: [
                .expression: .string(details.scheduleExpression ?? ""),
                .timezone: .string(details.scheduleExpressionTimezone ?? "UTC"),
                .target: target == targetArn(spec, context.scope) ? Self.target(spec) : .string(target),
                .role: role == roleArn(spec, context.scope) ? Self.role(spec) : .string(role),
                .payload: Self.canonicalPayload(details.target?.input), .state: .string(details.state ?? "ENABLED"),
                .flexibleTimeWindow: .string(
                    [window?.mode ?? "OFF", window?.maximumWindowInMinutes.map { "(\($0) min)" }].compactMap { $0 }
                        .joined(separator: " ")),
            ], identity: ResourceIdentity(arn: details.arn.flatMap(ARN.init)),
            // Another function's schedule carries no sign of hoist: untagged, so it is left alone unless adopted.
            tags: invokesFunction(details, spec, context.scope) ? nil : [:])
    }

    /// What CreateSchedule and UpdateSchedule send: everything, every time.
    func definition(_ spec: Spec, _ context: EngineContext) -> ScheduleDefinition {
        ScheduleDefinition(
            scheduleExpression: spec.expression, scheduleExpressionTimezone: spec.timezone, flexibleTimeWindow: .off,
            target: ScheduleTarget(
                arn: targetArn(spec, context.scope), roleArn: roleArn(spec, context.scope), input: spec.payload),
            state: "ENABLED", description: "hoist \(context.project) \(context.stage)")
    }

    /// CreateSchedule with one client token for every attempt, read first after a lost answer or a conflict (a
    /// schedule of this name that invokes the function is the one created); retried while a new role cannot be
    /// assumed yet.
    public func create(_ spec: Spec, _ context: EngineContext) async throws -> ResourceIdentity {
        let token = UUID().uuidString
        let definition = definition(spec, context)
        let arn = try await context.createOnce(
            address(of: spec), alreadyExists: ["ConflictException"],
            find: {
                try await Self.details(spec, context).flatMap {
                    invokesFunction($0, spec, context.scope) ? $0.arn : nil
                }
            },
            create: { client in
                try await context.retryingEventualConsistency(address(of: spec)) {
                    try await Scheduler(client: client).createSchedule(
                        name: spec.name, definition, clientToken: token)
                }
            })
        return ResourceIdentity(arn: ARN(arn))
    }

    /// UpdateSchedule replaces the whole schedule: the full definition, whatever changed.
    public func update(_ spec: Spec, observed: ObservedResource, changed: Set<Attribute>, _ context: EngineContext)
        async throws -> ResourceIdentity
    {
        let definition = definition(spec, context)
        let arn = try await context.retryingEventualConsistency(address(of: spec)) {
            try await Scheduler(client: context.client).updateSchedule(name: spec.name, definition)
        }
        return ResourceIdentity(arn: ARN(arn) ?? observed.identity.arn)
    }

    /// Deletes the schedule (deleting the function would leave it, failing on every run).
    public func delete(_ spec: Spec, observed: ObservedResource, _ context: EngineContext) async throws {
        _ = try await AWSError.nilIfNotFound {
            try await Scheduler(client: context.client).deleteSchedule(name: spec.name)
        }
    }
}
