import Foundation

/// The event source mapping calls of Lambda: what a function's `queue:` trigger is, beyond the calls of Lambda.swift.
/// A mapping is named by its UUID; `functionName` may be a name, `name:alias`, `name:version` or an ARN.
extension Lambda {
    static let eventSourceMappings = "/2015-03-31/event-source-mappings"

    /// CreateEventSourceMapping: Lambda polls `eventSourceArn` and invokes `functionName` (an alias, for hoist) with
    /// up to `batchSize` records, gathered for up to `maximumBatchingWindowInSeconds`. Lambda answers at once in
    /// state `Creating`; it checks first that the function's role may receive from the queue, and refuses a second
    /// mapping of the same queue and function (ResourceConflictException).
    public func createEventSourceMapping(
        functionName: String, eventSourceArn: String, batchSize: Int? = nil,
        maximumBatchingWindowInSeconds: Int? = nil, functionResponseTypes: [String]? = nil, enabled: Bool? = nil
    ) async throws -> EventSourceMappingConfiguration {
        struct Input: Encodable {
            var functionName: String
            var eventSourceArn: String
            var batchSize: Int?
            var maximumBatchingWindowInSeconds: Int?
            var functionResponseTypes: [String]?
            var enabled: Bool?
        }
        return try await client.restJSON(
            .lambda, "CreateEventSourceMapping", method: "POST", path: Self.eventSourceMappings,
            body: Input(
                functionName: functionName, eventSourceArn: eventSourceArn, batchSize: batchSize,
                maximumBatchingWindowInSeconds: maximumBatchingWindowInSeconds,
                functionResponseTypes: functionResponseTypes, enabled: enabled))
    }

    /// GetEventSourceMapping.
    public func getEventSourceMapping(uuid: String) async throws -> EventSourceMappingConfiguration {
        try await client.restJSON(
            .lambda, "GetEventSourceMapping", method: "GET",
            path: "\(Self.eventSourceMappings)/\(AWSPath.segment(uuid))")
    }

    /// ListEventSourceMappings, all pages: the mappings of a function (of one alias when `functionName` names it),
    /// of a source, or of both.
    public func listEventSourceMappings(functionName: String? = nil, eventSourceArn: String? = nil) async throws
        -> [EventSourceMappingConfiguration]
    {
        struct Page: LambdaListPage {
            var eventSourceMappings: [EventSourceMappingConfiguration]?
            var nextMarker: String?
            var items: [EventSourceMappingConfiguration] { eventSourceMappings ?? [] }
        }
        let query = [("EventSourceArn", eventSourceArn), ("FunctionName", functionName)].compactMap { name, value in
            value.map { (name: name, value: $0) }
        }
        return try await allPages(Page.self, "ListEventSourceMappings", path: Self.eventSourceMappings, query: query)
    }

    /// UpdateEventSourceMapping: changes what is given, keeps what is nil (an empty `functionResponseTypes` turns
    /// partial batch responses off). Refused (ResourceInUseException) while the mapping is still being created or
    /// updated.
    public func updateEventSourceMapping(
        uuid: String, functionName: String? = nil, batchSize: Int? = nil, maximumBatchingWindowInSeconds: Int? = nil,
        functionResponseTypes: [String]? = nil, enabled: Bool? = nil
    ) async throws -> EventSourceMappingConfiguration {
        struct Input: Encodable {
            var functionName: String?
            var batchSize: Int?
            var maximumBatchingWindowInSeconds: Int?
            var functionResponseTypes: [String]?
            var enabled: Bool?
        }
        return try await client.restJSON(
            .lambda, "UpdateEventSourceMapping", method: "PUT",
            path: "\(Self.eventSourceMappings)/\(AWSPath.segment(uuid))",
            body: Input(
                functionName: functionName, batchSize: batchSize,
                maximumBatchingWindowInSeconds: maximumBatchingWindowInSeconds,
                functionResponseTypes: functionResponseTypes, enabled: enabled))
    }

    /// DeleteEventSourceMapping: Lambda answers in state `Deleting` and removes the mapping shortly after.
    @discardableResult
    public func deleteEventSourceMapping(uuid: String) async throws -> EventSourceMappingConfiguration {
        try await client.restJSON(
            .lambda, "DeleteEventSourceMapping", method: "DELETE",
            path: "\(Self.eventSourceMappings)/\(AWSPath.segment(uuid))")
    }
}
