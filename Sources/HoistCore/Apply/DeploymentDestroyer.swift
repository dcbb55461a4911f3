import Foundation
import HoistAWS

/// Removes what hoist created for one project and stage (the scheduled-rotation function, role, log group and
/// permission too, the rotation cancelled). Tables and secrets stay unless data deletion is asked
/// for; secrets then keep a recovery window. Absent resources are skipped, so a rerun after an interruption
/// finishes the job.
public struct DeploymentDestroyer: Sendable {
    /// What `destroy` removed and kept.
    public struct Summary: Sendable, Equatable {
        /// Addresses removed.
        public var removed: [String] = []
        /// Addresses kept on purpose (data).
        public var kept: [String] = []
    }

    /// The client calls go through.
    public let client: AWSClient
    /// The deployment's inputs (names come from project and stage).
    public let inputs: DeploymentInputs
    /// Receives one line per step.
    public let report: @Sendable (String) -> Void

    /// Creates a destroyer.
    public init(client: AWSClient, inputs: DeploymentInputs, report: @escaping @Sendable (String) -> Void = { _ in }) {
        self.client = client
        self.inputs = inputs
        self.report = report
    }

    /// Deletes in reverse dependency order; with `deleteData`, tables and secrets too (secrets recoverable for
    /// `recoveryWindowDays`).
    public func destroy(deleteData: Bool, recoveryWindowDays: Int = 7) async throws -> Summary {
        let names = ResourceNames(project: inputs.project, stage: inputs.stage)
        var summary = Summary()
        func removed(_ address: String) {
            report("deleted \(address)")
            summary.removed.append(address)
        }

        let gateway = APIGatewayV2(client: client)
        for api in try await gateway.getApis() where api.name == names.base {
            if let id = api.apiId {
                try await ignoringNotFound { try await gateway.deleteApi(id: id) }
                removed("api.\(names.base)")
            }
        }
        let lambda = Lambda(client: client)
        // Scheduled rotation first: a kept secret must not go on invoking a function that is about to go.
        let secrets = SecretsManager(client: client)
        for secret in inputs.secrets.map({ names.secret($0.name) }) {
            guard let description = try await AWSError.nilIfNotFound({ try await secrets.describeSecret(id: secret) }),
                description.deletedDate == nil, description.rotationEnabled == true,
                description.rotationLambdaARN?.hasSuffix(":function:\(names.rotation)") == true
            else { continue }
            try await ignoringNotFound { try await secrets.cancelRotateSecret(id: secret) }
            removed("secret_rotation.\(secret)")
        }
        if try await exists({ try await lambda.getFunctionConfiguration(name: names.rotation) }) {
            if let policy = try await AWSError.nilIfNotFound({
                try await lambda.getPolicy(functionName: names.rotation)
            }), policy.contains(names.rotationPermission) {
                try await ignoringNotFound {
                    try await lambda.removePermission(
                        functionName: names.rotation, statementId: names.rotationPermission)
                }
                removed("permission.\(names.rotationPermission)")
            }
        }
        for function in [names.base, names.rotation] {
            if try await exists({ try await lambda.getFunctionConfiguration(name: function) }) {
                try await ignoringNotFound { try await lambda.deleteFunction(name: function) }
                removed("function.\(function)")
            }
        }
        let versions =
            try await AWSError.nilIfNotFound { try await lambda.listLayerVersions(layerName: names.layer) } ?? []
        for version in versions.compactMap(\.version) {
            try await ignoringNotFound { try await lambda.deleteLayerVersion(layerName: names.layer, version: version) }
            removed("layer.\(names.layer):\(version)")
        }
        let iam = IAM(client: client)
        for role in [names.base, names.rotation] where try await exists({ try await iam.getRole(name: role) }) {
            for policy in try await iam.listRolePolicies(roleName: role) {
                try await ignoringNotFound { try await iam.deleteRolePolicy(roleName: role, policyName: policy) }
                removed("role_policy.\(policy)")
            }
            try await ignoringNotFound { try await iam.deleteRole(name: role) }
            removed("role.\(role)")
        }
        let logs = CloudWatchLogs(client: client)
        for group in [names.logGroup, names.rotationLogGroup] where try await logs.logGroup(named: group) != nil {
            try await ignoringNotFound { try await logs.deleteLogGroup(name: group) }
            removed("log_group.\(group)")
        }

        let dynamo = DynamoDB(client: client)
        for table in inputs.tables.map({ names.table($0.name) }) {
            guard try await exists({ try await dynamo.describeTable(name: table) }) else { continue }
            if deleteData {
                try await ignoringNotFound { try await dynamo.deleteTable(name: table) }
                removed("table.\(table)")
            } else {
                summary.kept.append("table.\(table)")
            }
        }
        for secret in inputs.secrets.map({ names.secret($0.name) }) {
            guard let description = try await AWSError.nilIfNotFound({ try await secrets.describeSecret(id: secret) }),
                description.deletedDate == nil
            else { continue }
            if deleteData {
                try await ignoringNotFound {
                    try await secrets.deleteSecret(id: secret, recoveryWindowInDays: recoveryWindowDays)
                }
                removed("secret.\(secret) (recoverable for \(recoveryWindowDays) days)")
            } else {
                summary.kept.append("secret.\(secret)")
            }
        }
        for kept in summary.kept { report("kept \(kept) (pass --delete-data to delete it)") }
        return summary
    }

    func exists<T: Sendable>(_ read: () async throws -> T) async throws -> Bool {
        try await AWSError.nilIfNotFound(read) != nil
    }

    /// Deletes; a resource already gone counts as deleted, so a rerun after an interruption finishes.
    func ignoringNotFound(_ delete: () async throws -> Void) async throws {
        _ = try await AWSError.nilIfNotFound(delete)
    }
}
