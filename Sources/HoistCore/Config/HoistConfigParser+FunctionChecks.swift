import Yams

/// The checks across `functions:` entries and the rest of the file, once every function is read: what each uses
/// and sends to exists, no route is claimed twice, the environment hoist generates for each does not meet the
/// user's, and top-level keys that belong to one function are not set.
extension HoistConfigParser {
    /// Reports every cross-reference problem, each at the list item or key that makes it (the function's key when
    /// it cannot be found). `secrets` is the top-level `secrets:` node, where a rotated secret nobody uses is placed.
    mutating func checkReferences(
        _ functions: [(ProjectFunction, ConfigReader.Entry)], config: HoistConfig, secrets: Node?
    ) {
        let usable = config.tables.map(\.name) + config.secrets.map(\.name)
        let queues = functions.filter { $0.0.queue != nil }.map(\.0.name)
        var routeOwners: [String: String] = [:]
        for (function, entry) in functions {
            let what = "functions.\(function.name)"
            let usesNode = ConfigReader.value("uses", in: entry.value)
            for name in function.uses where !usable.contains(name) {
                reader.report(
                    .unknownKey, "\(what).uses names '\(name)', which is no table or secret",
                    at: ConfigReader.item(name, in: usesNode) ?? entry.keyNode,
                    hint: usable.isEmpty
                        ? "declare it under tables or secrets" : ConfigReader.suggestion(for: name, among: usable))
            }
            let sendsNode = ConfigReader.value("sends_to", in: entry.value)
            for name in function.sendsTo where !queues.contains(name) {
                reader.report(
                    .unknownKey, "\(what).sends_to names '\(name)', which is no function's queue",
                    at: ConfigReader.item(name, in: sendsNode) ?? entry.keyNode,
                    hint: sendsToHint(name, functions: functions.map(\.0.name), queues: queues))
            }
            let httpNode = ConfigReader.value("http", in: entry.value)
            for route in function.routes {
                if let owner = routeOwners[route] {
                    reader.report(
                        .duplicateKey, "route '\(route)' of \(what).http is already claimed by functions.\(owner)",
                        at: ConfigReader.item(route, in: httpNode) ?? entry.keyNode,
                        hint: "a route goes to one function")
                } else {
                    routeOwners[route] = function.name
                }
            }
            checkFunctionEnvironment(function, config: config, entry: entry)
        }
        checkRotatedSecretIsUsed(functions, config: config, secrets: secrets)
        checkLayerArchitecture(functions, config: config)
    }

    /// A project's functions share its one dependency layer (pip's wheels, `layer:` files), built for one
    /// instruction set: with a layer, every function runs on the first function's architecture. Reported at each
    /// other function's `architecture` (or its key, when it takes the top-level one).
    mutating func checkLayerArchitecture(_ functions: [(ProjectFunction, ConfigReader.Entry)], config: HoistConfig) {
        guard config.requirements != nil || !config.layer.isEmpty, let first = functions.first?.0 else { return }
        let layer = config.requirements != nil ? "requirements" : "layer"
        for (function, entry) in functions.dropFirst() where function.architecture != first.architecture {
            reader.report(
                .invalidValue,
                "functions.\(function.name) runs on \(function.architecture.rawValue) and functions.\(first.name) on "
                    + "\(first.architecture.rawValue), but they share the dependency layer (\(layer)), which is built "
                    + "for one architecture",
                at: ConfigReader.value("architecture", in: entry.value) ?? entry.keyNode,
                hint: "give every function the same architecture (set the top-level architecture and no function's)")
        }
    }

    /// What to say about `sends_to: [name]` when `name` is no function's queue.
    func sendsToHint(_ name: String, functions: [String], queues: [String]) -> String {
        if functions.contains(name) { return "function '\(name)' has no queue trigger: give it queue: {}" }
        return queues.isEmpty ? "no function has a queue trigger" : ConfigReader.suggestion(for: name, among: queues)
    }

    /// The rotation runs the code of the function that uses the rotated secret: one must use it. Reported at the
    /// secret's `rotate_every`.
    mutating func checkRotatedSecretIsUsed(
        _ functions: [(ProjectFunction, ConfigReader.Entry)], config: HoistConfig, secrets: Node?
    ) {
        guard let rotated = config.secrets.first(where: { $0.rotateEveryDays != nil }), let first = functions.first,
            !functions.contains(where: { $0.0.uses.contains(rotated.name) })
        else { return }
        let secret = ConfigReader.value(rotated.name, in: secrets)
        reader.report(
            .invalidValue,
            "secret '\(rotated.name)' rotates, but no function uses it: the rotation runs the code of the "
                + "function that uses it",
            at: ConfigReader.value("rotate_every", in: secret) ?? first.1.keyNode,
            hint: "add it to that function's uses")
    }

    /// The variables hoist generates for one function (tables, secrets, admins, queue URLs) against its own,
    /// reported at the variable's key in its environment. One it takes from the top-level `function.environment`
    /// is reported by `checkGeneratedNames`, or, for a queue URL, at the `sends_to` item.
    mutating func checkFunctionEnvironment(_ function: ProjectFunction, config: HoistConfig, entry: ConfigReader.Entry)
    {
        var generated: [(name: String, source: String, place: Node?)] = []
        for table in config.tables where function.uses.contains(table.name) {
            generated.append((table.env, "table '\(table.name)'", nil))
        }
        for secret in config.secrets where function.uses.contains(secret.name) {
            generated.append((secret.env, "secret '\(secret.name)'", nil))
        }
        if !config.admins.isEmpty { generated.append((ConfigRules.adminsVariable, "admins", nil)) }
        let sendsNode = ConfigReader.value("sends_to", in: entry.value)
        for queue in function.sendsTo {
            let place = ConfigReader.item(queue, in: sendsNode)
            generated.append((ProjectFunction.queueURLVariable(queue), "sends_to '\(queue)'", place))
        }
        let environment = ConfigReader.value("environment", in: entry.value)
        for (name, source, place) in generated where function.settings.environment[name] != nil {
            let own = ConfigReader.keyNode(name, in: environment)
            if own == nil, generatedNames.contains(where: { $0.name == name }) { continue }
            reader.report(
                .invalidValue,
                "environment variable '\(name)' of functions.\(function.name) is set by both \(source) and its "
                    + "environment", at: own ?? place ?? entry.keyNode,
                hint: "rename one of them; tables and secrets take an 'env' key")
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
        if let api = fields["api"], case .mapping(let mapping) = api,
            let key = mapping.keys.first(where: {
                $0.string == "routes"
            })
        {
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
