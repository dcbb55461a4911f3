import Foundation
import HoistCore
import HoistPackaging

/// Builds the bootstrap `hoist dev` runs: a debug build for this machine, or the release build deploy uses.
struct DevBuilder {
    /// The backend's config.
    let config: HoistConfig
    /// Build exactly what `hoist build` builds (release, fully static) instead of a debug build.
    let release: Bool

    /// Builds and returns the path of the executable to run.
    func build() throws -> String {
        guard let product = config.backend.product else {
            throw CommandError(code: "NoProduct", message: "backend.product is not set in \(config.configFile)")
        }
        if release {
            let output = config.resolvePath(".hoist/build/bootstrap")
            let request = BootstrapBuilder.Request(
                packagePath: config.backendDirectory, product: product, architecture: BootstrapBuilder.hostArchitecture,
                outputPath: output)
            _ = try BootstrapBuild.run(request, title: "building \(product) (release, static, for this machine)")
            return output
        }
        let arguments = ["build", "--package-path", config.backendDirectory, "--product", product]
        let progress = BuildConsole(title: "building \(product) (debug, for this machine)")
        progress.start()
        let swift = BootstrapBuilder()
        let status = try swift.run(arguments, onLine: progress.line)
        progress.finish(success: status.status == 0)
        guard status.status == 0 else {
            throw CommandError(code: "BuildFailed", message: "swift build failed (exit status \(status.status))")
        }
        let binPath = try swift.run(arguments + ["--show-bin-path"]) { _ in }
        guard binPath.status == 0, let folder = binPath.output.split(separator: "\n").last else {
            throw CommandError(code: "BuildFailed", message: "swift build --show-bin-path failed: \(binPath.output)")
        }
        return "\(folder)/\(product)"
    }

    /// The newest modification time of the backend's sources and manifest (what `--watch` polls).
    func sourcesStamp() -> Date {
        let root = URL(fileURLWithPath: config.backendDirectory)
        var newest = Date.distantPast
        for name in ["Package.swift", "Package.resolved"] {
            if let date = modification(root.appendingPathComponent(name)) { newest = max(newest, date) }
        }
        for folder in ["Sources"] {
            let enumerator = FileManager.default.enumerator(
                at: root.appendingPathComponent(folder), includingPropertiesForKeys: [.contentModificationDateKey])
            while let url = enumerator?.nextObject() as? URL {
                if let date = modification(url) { newest = max(newest, date) }
            }
        }
        return newest
    }

    private func modification(_ url: URL) -> Date? {
        (try? url.resourceValues(forKeys: [.contentModificationDateKey]))?.contentModificationDate
    }
}
