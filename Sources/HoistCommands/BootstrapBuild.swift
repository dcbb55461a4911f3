import Foundation
import HoistPackaging

/// The bootstrap for `hoist build`, `plan`/`deploy` and `hoist dev --release`: the last one when none of its
/// inputs changed (no swift run at all), else a build shown through ``BuildConsole``.
enum BootstrapBuild {
    /// Reuses or builds the request's bootstrap; returns its ELF facts.
    static func run(
        _ request: BootstrapBuilder.Request, title: String, force: Bool = false,
        verbose: Bool = ConsoleSettings.verbose, builder: BootstrapBuilder = BootstrapBuilder()
    ) throws -> ELFFile {
        if !force, let elf = builder.reusableBootstrap(request) {
            FileHandle.standardError.write(
                Data("hoist: \(title): inputs unchanged, reused \(request.outputPath) (swift not run)\n".utf8))
            return elf
        }
        let console = BuildConsole(title: title, verbose: verbose)
        console.start()
        do {
            let elf = try builder.build(request, progress: console.line, output: console.line)
            console.finish(success: true)
            return elf
        } catch {
            console.finish(success: false)
            throw error
        }
    }
}
