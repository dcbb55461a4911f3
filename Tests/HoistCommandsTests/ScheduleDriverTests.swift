import Foundation
import HoistAWS
import HoistTestSupport
import Testing

@testable import HoistCore

/// A function's schedule trigger through plan and apply against moto with auth enforced: its role (trusting
/// EventBridge Scheduler, within the boundary, allowed the alias only), its policy and the schedule.
@Suite("Schedules against moto", .serialized, .enabled(if: HoistBinary.motoShouldRun, MotoTestBed.skipNote))
struct ScheduleDriverTests {
    /// The schedule role, its policy and the schedule of the bed's function.
    func states(_ bed: TriggerMotoBed, expression: String, payload: String?) throws -> [ResourceState] {
        let role = ScheduleDriver.roleName(function: bed.function)
        return [
            try bed.state(
                RoleDriver(),
                .init(
                    name: role, trustPolicy: PolicyDocument.schedulerTrust(account: bed.inputs.account),
                    tags: bed.tags, permissionsBoundary: PermissionsBoundaryDriver.name(project: bed.inputs.project))),
            try bed.state(
                RolePolicyDriver(),
                .init(
                    name: ScheduleDriver.rolePolicyName(role: role), role: role,
                    document: PolicyGenerator.scheduleInvokePolicy(functionArn: bed.functionArn, qualifier: "live")
                        .json)),
            try bed.state(
                ScheduleDriver(),
                .init(
                    name: bed.function, expression: expression, function: bed.function, qualifier: "live",
                    role: role, payload: payload)),
        ]
    }

    @Test("created (after a role too new to assume), read back, unchanged, expression alone updated, deleted")
    func lifecycle() async throws {
        let bed = try await TriggerMotoBed("sc", proxyOptions: ["--schedule-role-not-assumable", "2"])
        let payload = try TriggerMotoBed.fixture("payload.json")
        let role = ScheduleDriver.roleName(function: bed.function)
        let desired = try states(bed, expression: "rate(5 minutes)", payload: payload)

        let first = try await bed.plan(desired)
        #expect(
            first.resources.map(\.address.description) == [
                "role.\(role)", "role_policy.\(role)-invoke", "schedule.\(bed.function)",
            ], "\(PlanRenderer.text(first, color: false))")
        #expect(first.resources.allSatisfy { $0.action == .create })
        let schedulePlan = try #require(first.resources.last)
        #expect(
            Dictionary(uniqueKeysWithValues: schedulePlan.changes.map { ($0.attribute, $0.after) }) == [
                "expression": .string("rate(5 minutes)"), "timezone": .string("UTC"),
                "target": .string("alias.\(bed.function):live"), "role": .string("role.\(role)"),
                "payload": ScheduleDriver.canonicalPayload(payload), "state": .string("ENABLED"),
                "flexible_time_window": .string("OFF"),
            ])
        let start = bed.recorder.count
        let (identities, report) = try await bed.apply(first)
        // Scheduler refused the new role twice (IAM propagation, emulated): retried, then created once.
        #expect(report.filter { $0.contains("ValidationException, retrying") }.count == 2, "\(report)")
        #expect(
            bed.writes(since: start).filter { $0.hasPrefix("POST /schedules/") }
                == Array(
                    repeating: "POST /schedules/\(bed.function)", count: 3))
        let scheduleArn = "arn:aws:scheduler:us-east-1:123456789012:schedule/default/\(bed.function)"
        #expect(identities[ResourceAddress(.schedule, bed.function)]?.arn?.description == scheduleArn)

        try await expectReadBack(bed, expression: "rate(5 minutes)", payload: payload)
        try await expectRole(bed)

        // Nothing to change, and applying writes nothing.
        let second = try await bed.plan(desired)
        #expect(!second.hasChanges, "\(PlanRenderer.text(second, color: false))")
        let quiet = bed.recorder.count
        try await bed.apply(second)
        #expect(bed.writes(since: quiet).isEmpty, "\(bed.writes(since: quiet))")

        // A new expression: that attribute alone, one UpdateSchedule that keeps the rest.
        let daily = try states(bed, expression: "cron(0 8 * * ? *)", payload: payload)
        let third = try await bed.plan(daily)
        let changed = third.resources.filter { $0.action != .noOp }
        #expect(changed.map(\.address.description) == ["schedule.\(bed.function)"])
        #expect(
            changed.first?.changes == [
                AttributeChange(
                    attribute: "expression", before: .string("rate(5 minutes)"), after: .string("cron(0 8 * * ? *)"))
            ])
        let update = bed.recorder.count
        try await bed.apply(third)
        #expect(bed.writes(since: update) == ["PUT /schedules/\(bed.function)"])
        try await expectReadBack(bed, expression: "cron(0 8 * * ? *)", payload: payload)
        #expect(!(try await bed.plan(daily)).hasChanges)

        // No longer configured: schedule, policy and role go, the schedule first.
        let fourth = try await bed.plan([], probes: daily)
        #expect(
            fourth.resources.map(\.address.description) == [
                "schedule.\(bed.function)", "role_policy.\(role)-invoke", "role.\(role)",
            ], "\(PlanRenderer.text(fourth, color: false))")
        #expect(fourth.resources.allSatisfy { $0.action == .delete })
        try await bed.apply(fourth)
        await #expect(throws: AWSError.self) {
            _ = try await Scheduler(client: bed.client).getSchedule(name: bed.function)
        }
        await #expect(throws: AWSError.self) { _ = try await IAM(client: bed.client).getRole(name: role) }
        #expect(!(try await bed.plan([], probes: daily)).hasChanges)

        try bed.expectValidTraffic([
            "scheduler:CreateSchedule", "scheduler:GetSchedule", "scheduler:UpdateSchedule",
            "scheduler:DeleteSchedule",
        ])
    }

    /// GetSchedule: the alias's ARN as target, the schedule role, the payload as sent, on time, enabled.
    func expectReadBack(_ bed: TriggerMotoBed, expression: String, payload: String) async throws {
        let schedule = try await Scheduler(client: bed.client).getSchedule(name: bed.function)
        #expect(schedule.scheduleExpression == expression)
        #expect(schedule.target?.arn == "\(bed.functionArn):live")
        #expect(
            schedule.target?.roleArn
                == "arn:aws:iam::123456789012:role/\(ScheduleDriver.roleName(function: bed.function))")
        #expect(schedule.target?.input == payload)
        #expect(schedule.flexibleTimeWindow == .off)
        #expect(schedule.state == "ENABLED")
        #expect(schedule.groupName == "default")
    }

    /// The schedule role: trusts EventBridge Scheduler for this account, carries the boundary, and may invoke the
    /// alias and nothing else.
    func expectRole(_ bed: TriggerMotoBed) async throws {
        let name = ScheduleDriver.roleName(function: bed.function)
        let iam = IAM(client: bed.client)
        let role = try await iam.getRole(name: name)
        #expect(
            role.permissionsBoundaryArn == "arn:aws:iam::123456789012:policy/hoist-\(bed.inputs.project)-boundary")
        let trust = try #require(
            try JSONSerialization.jsonObject(with: Data(role.assumeRolePolicyDocument.utf8)) as? [String: Any])
        let statement = try #require((trust["Statement"] as? [[String: Any]])?.first)
        #expect((statement["Principal"] as? [String: String]) == ["Service": "scheduler.amazonaws.com"])
        #expect(
            (statement["Condition"] as? [String: [String: String]]) == [
                "StringEquals": ["aws:SourceAccount": "123456789012"]
            ])
        let policy = try await iam.getRolePolicy(roleName: name, policyName: ScheduleDriver.rolePolicyName(role: name))
        let document = try #require(try JSONSerialization.jsonObject(with: Data(policy.utf8)) as? [String: Any])
        let statements = try #require(document["Statement"] as? [[String: Any]])
        #expect(statements.count == 1)
        #expect(statements.first?["Action"] as? [String] == ["lambda:InvokeFunction"])
        #expect(statements.first?["Resource"] as? [String] == ["\(bed.functionArn):live"])
    }
}
