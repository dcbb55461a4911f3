import Foundation

/// An event source mapping as Lambda reports it: what Lambda polls (a queue) and the function, version or alias it
/// invokes with batches of what it read.
public struct EventSourceMappingConfiguration: Codable, Sendable, Equatable {
    /// Its id: what Get, Update and Delete take.
    public var uuid: String?
    /// Its ARN, `arn:…:lambda:<region>:<account>:event-source-mapping:<UUID>`.
    public var eventSourceMappingArn: String?
    /// The source's ARN (the queue's).
    public var eventSourceArn: String?
    /// The function it invokes, qualified when it was created on an alias or a version.
    public var functionArn: String?
    /// Records per invocation, at most.
    public var batchSize: Int?
    /// Seconds Lambda gathers records before it invokes with fewer than a batch.
    public var maximumBatchingWindowInSeconds: Int?
    /// ``reportBatchItemFailures`` when the function answers which records failed (partial batch responses).
    public var functionResponseTypes: [String]?
    /// `Creating`, `Enabling`, `Enabled`, `Disabling`, `Disabled`, `Updating` or `Deleting`.
    public var state: String?
    /// Why the state is what it is (`User action`, or Lambda's reason).
    public var stateTransitionReason: String?
    /// When it last changed.
    public var lastModified: Date?

    /// The response type by which the function reports the records of a batch that failed.
    public static let reportBatchItemFailures = "ReportBatchItemFailures"
    /// The state of a mapping Lambda is deleting: it goes by itself, a delete has nothing more to do.
    public static let deleting = "Deleting"

    /// Whether the function reports failed records itself (partial batch responses).
    public var reportsBatchItemFailures: Bool { functionResponseTypes?.contains(Self.reportBatchItemFailures) ?? false }
}
