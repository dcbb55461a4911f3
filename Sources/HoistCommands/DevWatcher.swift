import Foundation
import HoistCore
import HoistDev

/// `--watch`: polls the backend's sources each second; on a change prepares new launches (a rebuild for Swift,
/// the layer checked again for Python) and restarts the processes with them.
struct DevWatcher: Sendable {
    /// The newest modification time of what is watched.
    let stamp: @Sendable () -> Date
    /// Prepares the new launches and restarts the processes with them; throws when the rebuild failed (the
    /// processes are then left as they are).
    let restart: @Sendable () throws -> Void
    /// What a change sets off, for the log: `rebuilding`, `restarting`.
    let action: String

    /// Rebuilds the Swift backend on a change in its sources.
    static func swift(builder: DevBuilder, server: DevServer, launch: LaunchSpec) -> DevWatcher {
        DevWatcher(
            stamp: { builder.sourcesStamp() },
            restart: {
                var spec = launch
                spec.executable = try builder.build()
                server.restartProcesses(with: spec)
            }, action: "rebuilding")
    }

    /// Restarts a Python function on a change in its `.py` files or requirements file (pip runs again only when
    /// the requirements changed: the layer is cached by their hash).
    static func python(config: HoistConfig, server: DevServer, launch: LaunchSpec) -> DevWatcher {
        DevWatcher(
            stamp: { pythonStamp(config) },
            restart: {
                var spec = launch
                if let python = try ArtifactPipeline.pythonLaunch(config) {
                    spec.environment.merge(python.environment) { _, new in new }
                }
                server.restartProcesses(with: spec)
            }, action: "restarting")
    }

    /// For `functions:`: rebuilds every product in one build (Swift) or checks the layer again (Python), then
    /// restarts each function's processes; `launches` are the functions' by name.
    static func project(
        config: HoistConfig, builder: DevBuilder, server: DevProjectServer,
        launches: [(function: ProjectFunction, launch: LaunchSpec)]
    ) -> DevWatcher {
        let python: Bool
        if case .python = config.runtime { python = true } else { python = false }
        return DevWatcher(
            stamp: { python ? pythonStamp(config) : builder.sourcesStamp() },
            restart: {
                var specs = launches
                if python {
                    let fresh = try ArtifactPipeline.pythonLaunches(config, handlers: launches.map(\.function.handler))
                    for index in specs.indices {
                        let handler = specs[index].function.handler
                        specs[index].launch.environment.merge(fresh?[handler]?.environment ?? [:]) { _, new in new }
                    }
                } else {
                    let products = launches.compactMap(\.function.product)
                    let built = try builder.build(products: Array(Set(products)).sorted())
                    for index in specs.indices {
                        if let product = specs[index].function.product, let path = built[product] {
                            specs[index].launch.executable = path
                        }
                    }
                }
                for (function, launch) in specs { server.pool(function.name)?.restartProcesses(with: launch) }
            }, action: python ? "restarting" : "rebuilding")
    }

    /// The newest modification time of the code folder's `.py` files (not the layer, caches or `.hoist`) and of
    /// the requirements file.
    static func pythonStamp(_ config: HoistConfig) -> Date {
        var newest = Date.distantPast
        let skipped: Set<String> = [".hoist", "__pycache__", ".git", "python", "packages"]
        let root = URL(fileURLWithPath: config.backendDirectory)
        let enumerator = FileManager.default.enumerator(
            at: root, includingPropertiesForKeys: [.contentModificationDateKey, .isDirectoryKey])
        while let url = enumerator?.nextObject() as? URL {
            if skipped.contains(url.lastPathComponent) {
                enumerator?.skipDescendants()
                continue
            }
            if url.pathExtension == "py", let date = modification(url) { newest = max(newest, date) }
        }
        if case .file(let path) = config.requirements,
            let date = modification(URL(fileURLWithPath: config.resolvePath(path)))
        {
            newest = max(newest, date)
        }
        return newest
    }

    private static func modification(_ url: URL) -> Date? {
        (try? url.resourceValues(forKeys: [.contentModificationDateKey]))?.contentModificationDate
    }

    /// Starts polling on a thread.
    func start() {
        let thread = Thread { [self] in
            var last = stamp()
            while true {
                Thread.sleep(forTimeInterval: 1)
                let now = stamp()
                guard now > last else { continue }
                last = now
                DevLog.line("hoist dev: sources changed; \(action)")
                do {
                    try restart()
                    DevLog.line("hoist dev: processes restarted")
                } catch {
                    DevLog.line("hoist dev: \(action) failed (\(error)); the previous processes keep serving")
                }
            }
        }
        thread.start()
    }
}
