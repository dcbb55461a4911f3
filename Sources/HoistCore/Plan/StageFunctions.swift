/// The functions a stage deploys, by the names a user types: what `hoist logs`, `hoist invoke`, `hoist releases`
/// and `hoist rollback` take as `FUNCTION`.
///
/// A project has the functions of `functions:` (or one, named after the project, so `hoist logs movies-api` and
/// `hoist logs` mean the same), and a rotation function (`rotate`) when a secret rotates on a schedule. Without a
/// name, commands take the first.
public struct StageFunctions: Sendable, Equatable {
    /// One deployed function.
    public struct Function: Sendable, Equatable {
        /// The name hoist.yml gives it (the project's name in the one-function form, `rotate` for rotation).
        public var name: String
        /// The Lambda function's name (`<project>-<stage>[-<name>]`).
        public var functionName: String
        /// Its log group (`/aws/lambda/<function name>`).
        public var logGroup: String
        /// The alias that traffic goes through, or nil for a function invoked on `$LATEST` (rotation).
        public var alias: String?
    }

    /// The functions, the main one first.
    public var all: [Function]

    /// The functions of `config`'s stage: each of `functions:` (or the one function named after the project), and
    /// the rotation function when a secret rotates on a schedule.
    public init(_ config: HoistConfig) {
        let names = ResourceNames(project: config.project, stage: config.stageName)
        var all = config.functions.map { function in
            Function(
                name: function.name, functionName: names.function(function.name),
                logGroup: names.logGroup(function.name), alias: config.deploy.alias)
        }
        if config.secrets.contains(where: { $0.rotateEveryDays != nil }) {
            all.append(
                Function(
                    name: "rotate", functionName: names.rotation, logGroup: names.rotationLogGroup, alias: nil))
        }
        self.all = all
    }

    /// The function `name` names; nil means the main one. An unknown name is an error that lists the known ones.
    public func function(_ name: String?) throws -> Function {
        guard let name else { return all[0] }
        if let found = all.first(where: { $0.name == name || $0.functionName == name }) { return found }
        throw StageFunctionError(name: name, known: all.map(\.name))
    }
}

/// A `FUNCTION` argument that names no function of the stage.
public struct StageFunctionError: Error, CustomStringConvertible, Sendable {
    /// What was asked for.
    public var name: String
    /// The names the stage has.
    public var known: [String]

    /// The message, with the names to choose from.
    public var description: String {
        "no function \"\(name)\" in this stage; its functions: \(known.joined(separator: ", "))"
    }
}
