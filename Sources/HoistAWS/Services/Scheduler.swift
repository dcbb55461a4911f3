import Foundation

/// Amazon EventBridge Scheduler: one-off and recurring schedules that invoke a target, in the account's `default`
/// schedule group.
public struct Scheduler: Sendable {
    /// The client calls go through.
    public let client: AWSClient

    /// Creates the service on a client.
    public init(client: AWSClient) { self.client = client }

    func schedulePath(_ name: String) -> String { "/schedules/\(AWSPath.segment(name))" }

    /// The members CreateSchedule and UpdateSchedule send: the definition and the idempotency token.
    struct Input: Encodable {
        var scheduleExpression: String
        var scheduleExpressionTimezone: String?
        var flexibleTimeWindow: ScheduleFlexibleTimeWindow
        var target: ScheduleTarget
        var state: String?
        var description: String?
        var clientToken: String

        init(_ definition: ScheduleDefinition, clientToken: String) {
            scheduleExpression = definition.scheduleExpression
            scheduleExpressionTimezone = definition.scheduleExpressionTimezone
            flexibleTimeWindow = definition.flexibleTimeWindow
            target = definition.target
            state = definition.state
            description = definition.description
            self.clientToken = clientToken
        }
    }

    /// The answer of CreateSchedule and UpdateSchedule.
    struct Output: Decodable { var scheduleArn: String? }

    /// CreateSchedule; a repeat with the same `clientToken` is the same request to Scheduler. Returns the ARN.
    public func createSchedule(name: String, _ definition: ScheduleDefinition, clientToken: String = UUID().uuidString)
        async throws -> String
    {
        let output: Output = try await client.restJSON(
            .scheduler, "CreateSchedule", method: "POST", path: schedulePath(name),
            body: Input(definition, clientToken: clientToken))
        return output.scheduleArn ?? ""
    }

    /// GetSchedule.
    public func getSchedule(name: String) async throws -> ScheduleDetails {
        try await client.restJSON(.scheduler, "GetSchedule", method: "GET", path: schedulePath(name))
    }

    /// UpdateSchedule: replaces the whole schedule with `definition`. Returns the ARN.
    public func updateSchedule(name: String, _ definition: ScheduleDefinition, clientToken: String = UUID().uuidString)
        async throws -> String
    {
        let output: Output = try await client.restJSON(
            .scheduler, "UpdateSchedule", method: "PUT", path: schedulePath(name),
            body: Input(definition, clientToken: clientToken))
        return output.scheduleArn ?? ""
    }

    /// DeleteSchedule.
    public func deleteSchedule(name: String, clientToken: String = UUID().uuidString) async throws {
        let _: AWSEmpty = try await client.restJSON(
            .scheduler, "DeleteSchedule", method: "DELETE", path: schedulePath(name),
            query: [("clientToken", clientToken)])
    }
}
