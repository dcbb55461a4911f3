import Foundation
import HoistCore
import HoistDev

/// `--watch`: polls the backend's sources each second; on a change prepares a new launch (a rebuild for Swift,
/// the layer checked again for Python) and restarts the processes with it.
struct DevWatcher: Sendable {
    /// The newest modification time of what is watched.
    let stamp: @Sendable () -> Date
    /// The launch to restart with; throws when the rebuild failed.
    let relaunch: @Sendable () throws -> LaunchSpec
    /// The server whose processes restart.
    let server: DevServer
    /// What a change sets off, for the log: `rebuilding`, `restarting`.
    let action: String

    /// Rebuilds the Swift backend on a change in its sources.
    static func swift(builder: DevBuilder, server: DevServer, launch: LaunchSpec) -> DevWatcher {
        DevWatcher(
            stamp: { builder.sourcesStamp() },
            relaunch: {
                var spec = launch
                spec.executable = try builder.build()
                return spec
            }, server: server, action: "rebuilding")
    }

    /// Restarts a Python function on a change in its `.py` files or requirements file (pip runs again only when
    /// the requirements changed: the layer is cached by their hash).
    static func python(config: HoistConfig, server: DevServer, launch: LaunchSpec) -> DevWatcher {
        DevWatcher(
            stamp: { pythonStamp(config) },
            relaunch: {
                var spec = launch
                if let python = try ArtifactPipeline.pythonLaunch(config) {
                    spec.environment.merge(python.environment) { _, new in new }
                }
                return spec
            }, server: server, action: "restarting")
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
                    server.restartProcesses(with: try relaunch())
                    DevLog.line("hoist dev: processes restarted")
                } catch {
                    DevLog.line("hoist dev: \(action) failed (\(error)); the previous processes keep serving")
                }
            }
        }
        thread.start()
    }
}
