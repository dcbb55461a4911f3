import Foundation
import HoistCore
import HoistPackaging

/// Builds the bootstraps `hoist dev` runs: a debug build for this machine, or the release build deploy uses; for
/// `functions:`, every product in one build.
struct DevBuilder {
    /// The backend's config.
    let config: HoistConfig
    /// Build exactly what `hoist build` builds (release, fully static) instead of a debug build.
    let release: Bool

    /// Builds `backend.product` and returns the path of the executable to run.
    func build() throws -> String {
        guard let product = config.backend.product else {
            throw CommandError(code: "NoProduct", message: "backend.product is not set in \(config.configFile)")
        }
        return try build(products: [product])[product] ?? ""
    }

    /// Builds `products` of the backend's package in one swift build; returns each one's executable by product.
    /// One product is built alone (`--product`); several, with the package's other products (swift build takes
    /// one `--product`). A release build writes what `hoist build` writes: `.hoist/build/bootstrap` for the
    /// one-function form, `.hoist/build/<product>/bootstrap` for `functions:`.
    func build(products: [String]) throws -> [String: String] {
        guard let first = products.first else { return [:] }
        let names = products.joined(separator: ", ")
        if release {
            let output = { (product: String) in
                config.resolvePath(
                    config.hasFunctionMap ? ".hoist/build/\(product)/bootstrap" : ".hoist/build/bootstrap")
            }
            var request = BootstrapBuilder.Request(
                packagePath: config.backendDirectory, product: first, architecture: BootstrapBuilder.hostArchitecture,
                outputPath: output(first))
            request.companions = products.dropFirst().map { .init(product: $0, outputPath: output($0)) }
            _ = try BootstrapBuild.run(request, title: "building \(names) (release, static, for this machine)")
            return Dictionary(uniqueKeysWithValues: products.map { ($0, output($0)) })
        }
        let arguments =
            ["build", "--package-path", config.backendDirectory] + (products.count == 1 ? ["--product", first] : [])
        let progress = BuildConsole(title: "building \(names) (debug, for this machine)")
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
        return Dictionary(uniqueKeysWithValues: products.map { ($0, "\(folder)/\($0)") })
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
