import HoistAWS

/// Finds the functions of a stage that hoist.yml no longer declares, so that the plan deletes them with their
/// role, log group and triggers: a `functions:` entry removed leaves no spec to read, and hoist keeps no state
/// file. Candidates are the region's functions named `<project>-<stage>-<name>` for a function name hoist could
/// have given; whether they are this stage's is decided by their tags when the probes are read.
public struct StageInventory: Sendable {
    /// The context reads go through.
    public let context: EngineContext

    /// Creates an inventory.
    public init(context: EngineContext) { self.context = context }

    /// The hoist.yml names of live functions of the stage's naming scheme that `inputs` does not deploy.
    public func removedFunctions(_ inputs: DeploymentInputs) async throws -> [String] {
        let live = try await Lambda(client: context.client).listFunctions().compactMap(\.functionName)
        return Self.removed(live: live, inputs)
    }

    /// The removed names among `live` function names (pure).
    static func removed(live: [String], _ inputs: DeploymentInputs) -> [String] {
        let names = ResourceNames(project: inputs.project, stage: inputs.stage)
        let desired = Set(inputs.deployedFunctions.map(\.name))
        let prefix = names.base + "-"
        return live.compactMap { functionName -> String? in
            guard functionName.hasPrefix(prefix) else { return nil }
            let name = String(functionName.dropFirst(prefix.count))
            guard ProjectFunction.isValidName(name), !ProjectFunction.reservedNames.contains(name),
                !desired.contains(name)
            else { return nil }
            return name
        }.sorted()
    }
}
