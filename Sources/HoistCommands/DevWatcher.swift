import Foundation
import HoistDev

/// `--watch`: polls the backend's sources each second; on a change rebuilds, and restarts the processes if it built.
struct DevWatcher: Sendable {
    let builder: DevBuilder
    let server: DevServer
    let launch: LaunchSpec

    /// Starts polling on a thread.
    func start() {
        let thread = Thread { [self] in
            var stamp = builder.sourcesStamp()
            while true {
                Thread.sleep(forTimeInterval: 1)
                let now = builder.sourcesStamp()
                guard now > stamp else { continue }
                stamp = now
                DevLog.line("hoist dev: sources changed; rebuilding")
                do {
                    var spec = launch
                    spec.executable = try builder.build()
                    server.restartProcesses(with: spec)
                    DevLog.line("hoist dev: rebuilt; processes restarted")
                } catch {
                    DevLog.line("hoist dev: the rebuild failed (\(error)); the previous build keeps serving")
                }
            }
        }
        thread.start()
    }
}
