import Yams

/// The checks across `functions:` entries and the rest of the file, once every function is read: what each uses
/// and sends to exists, no route is claimed twice, the environment hoist generates for each does not meet the
/// user's, and top-level keys that belong to one function are not set.
extension HoistConfigParser {
    /// Reports every cross-reference problem, each at the entry that makes it.
    mutating func checkReferences(_ functions: [(ProjectFunction, Node)], config: HoistConfig) {
        let usable = config.tables.map(\.name) + config.secrets.map(\.name)
        let queues = functions.filter { $0.0.queue != nil }.map(\.0.name)
        var routeOwners: [String: String] = [:]
        for (function, keyNode) in functions {
            let what = "functions.\(function.name)"
            for name in function.uses where !usable.contains(name) {
                reader.report(
                    .unknownKey, "\(what).uses names '\(name)', which is no table or secret", at: keyNode,
                    hint: usable.isEmpty
                        ? "declare it under tables or secrets" : ConfigReader.suggestion(for: name, among: usable))
            }
            for name in function.sendsTo where !queues.contains(name) {
                let hint: String
                if functions.contains(where: { $0.0.name == name }) {
                    hint = "function '\(name)' has no queue trigger: give it queue: {}"
                } else {
                    hint =
                        queues.isEmpty
                        ? "no function has a queue trigger" : ConfigReader.suggestion(for: name, among: queues)
                }
                reader.report(
                    .unknownKey, "\(what).sends_to names '\(name)', which is no function's queue", at: keyNode,
                    hint: hint)
            }
            for route in function.routes {
                if let owner = routeOwners[route] {
                    reader.report(
                        .duplicateKey, "route '\(route)' of \(what).http is already claimed by functions.\(owner)",
                        at: keyNode, hint: "a route goes to one function")
                } else {
                    routeOwners[route] = function.name
                }
            }
            checkFunctionEnvironment(function, config: config, at: keyNode)
        }
        if let rotated = config.secrets.first(where: { $0.rotateEveryDays != nil }),
            !functions.isEmpty, !functions.contains(where: { $0.0.uses.contains(rotated.name) })
        {
            reader.report(
                .invalidValue,
                "secret '\(rotated.name)' rotates, but no function uses it: the rotation runs the code of the "
                    + "function that uses it", at: functions[0].1, hint: "add it to that function's uses")
        }
    }

    /// The variables hoist generates for one function (tables, secrets, admins, queue URLs) against its own.
    mutating func checkFunctionEnvironment(_ function: ProjectFunction, config: HoistConfig, at node: Node) {
        var generated: [(String, String)] = []
        for table in config.tables where function.uses.contains(table.name) {
            generated.append((table.env, "table '\(table.name)'"))
        }
        for secret in config.secrets where function.uses.contains(secret.name) {
            generated.append((secret.env, "secret '\(secret.name)'"))
        }
        for queue in function.sendsTo {
            generated.append((ProjectFunction.queueURLVariable(queue), "sends_to '\(queue)'"))
        }
        for (name, source) in generated where function.settings.environment[name] != nil {
            reader.report(
                .invalidValue,
                "environment variable '\(name)' of functions.\(function.name) is set by both \(source) and its "
                    + "environment", at: node, hint: "rename one of them; tables and secrets take an 'env' key")
        }
    }

    /// Keys of the one-function form that `functions:` replaces: each function says its own.
    mutating func checkOneFunctionKeys(_ fields: ConfigReader.Fields) {
        for (key, place) in [("permissions", "functions.<name>.permissions")] {
            if let entry = fields.entry(key), !ConfigReader.isNull(entry.value) {
                reader.report(
                    .invalidValue, "'\(key)' is per function when hoist.yml has functions", at: entry.keyNode,
                    hint: "move it to \(place)")
            }
        }
        if let api = fields["api"], case .mapping(let mapping) = api, let key = mapping.keys.first(where: {
            $0.string == "routes"
        }) {
            reader.report(
                .invalidValue, "'api.routes' is per function when hoist.yml has functions", at: key,
                hint: "give each function its routes: functions.<name>.http")
        }
        if let backend = fields["backend"], case .mapping(let mapping) = backend,
            let key = mapping.keys.first(where: { $0.string == "product" })
        {
            reader.report(
                .invalidValue, "'backend.product' is per function when hoist.yml has functions", at: key,
                hint: "name each function's executable: functions.<name>.product")
        }
    }
}
