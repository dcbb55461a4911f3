import Foundation
import Testing

/// `hoist build`'s console on the starter backend (`hoist init --backend`: builds static in seconds and links
/// glibc's getaddrinfo and dlopen, so the static-linking notices are real).
@Suite("hoist build progress")
struct BuildProgressTests {
    /// A fresh folder with the starter backend and its hoist.yml.
    static func starter() throws -> (folder: URL, environment: [String: String]) {
        let folder = try HoistBinary.temporaryFolder().appendingPathComponent("prog\(UUID().uuidString.prefix(6))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var environment = ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"]
        environment["HOME"] = ProcessInfo.processInfo.environment["HOME"] ?? folder.path
        let made = try HoistBinary.runProcess(
            HoistBinary.executable, ["init", "--backend"], environment: environment, directory: folder)
        #expect(made.status == 0, "\(made.stderr)")
        return (folder, environment)
    }

    @Test(
        "without a terminal: no static-linking warning reaches the output, their count does; a no-op skips swift, --force and --verbose"
    )
    func noTerminal() throws {
        let (folder, environment) = try Self.starter()
        let build = try HoistBinary.runProcess(
            HoistBinary.executable, ["build", "--config", "hoist.yml"], environment: environment, directory: folder)
        let output = build.stdout + build.stderr
        #expect(build.status == 0, "\(output)")
        #expect(!output.contains("statically linked applications"), "\(output)")
        #expect(output.contains("hoist: 2 static-linking notices (glibc, harmless for Lambda), see --verbose"))
        #expect(!output.contains("\u{1B}[2K"), "no terminal redraws in a pipe")
        #expect(output.contains("hoist: building Backend (release, static-executable, "))
        #expect(output.contains("): done in "))

        // Nothing changed: swift is not run; --force runs it.
        let again = try HoistBinary.runProcess(
            HoistBinary.executable, ["build", "--config", "hoist.yml"], environment: environment, directory: folder)
        #expect(again.status == 0)
        #expect(again.stderr.contains("inputs unchanged, reused"), "\(again.stderr)")
        #expect(!again.stderr.contains("done in"))
        let forced = try HoistBinary.runProcess(
            HoistBinary.executable, ["build", "--config", "hoist.yml", "--force"], environment: environment,
            directory: folder)
        #expect(forced.status == 0)
        #expect(forced.stderr.contains("): done in "), "\(forced.stderr)")
        #expect(!forced.stderr.contains("inputs unchanged"))

        // A changed source relinks; --verbose shows swift's every line.
        let main = folder.appendingPathComponent("Sources/Backend/main.swift")
        let source = try String(contentsOf: main, encoding: .utf8)
        #expect(source.contains("hello from "))
        try source.replacingOccurrences(of: "hello from ", with: "hi from ").write(
            to: main, atomically: true, encoding: .utf8)
        let verbose = try HoistBinary.runProcess(
            HoistBinary.executable, ["build", "--config", "hoist.yml", "--verbose"], environment: environment,
            directory: folder)
        let all = verbose.stdout + verbose.stderr
        #expect(verbose.status == 0, "\(all)")
        #expect(all.contains("warning: Using 'getaddrinfo' in statically linked applications"), "\(all)")
        #expect(all.contains("Compiling Backend main.swift"))
        #expect(!all.contains("static-linking notices"))
    }

    @Test("under script(1), a terminal: one live line with swift's step and the elapsed time")
    func terminal() throws {
        let (folder, environment) = try Self.starter()
        let command = "'\(HoistBinary.executable.path)' build --config hoist.yml"
        let run = try HoistBinary.runProcess(
            URL(fileURLWithPath: "/usr/bin/script"), ["-qec", command, "/dev/null"], environment: environment,
            directory: folder)
        let output = run.stdout
        #expect(run.status == 0, "\(output)\(run.stderr)")
        let redraws = output.components(separatedBy: "\r\u{1B}[2K").dropFirst()
        let steps = redraws.filter { $0.hasPrefix("hoist: [") && $0.contains("] ") }
        #expect(!steps.isEmpty, "no progress line in \(output.debugDescription)")
        let compiling = steps.first { $0.contains("Compiling Backend") || $0.contains("Linking Backend") }
        #expect(compiling != nil, "\(steps)")
        #expect(steps.allSatisfy { $0.range(of: #" … [0-9]+(m[0-9]{2})?s"#, options: .regularExpression) != nil })
        #expect(!output.contains("statically linked applications"))
        #expect(output.contains("2 static-linking notices"))
    }
}
