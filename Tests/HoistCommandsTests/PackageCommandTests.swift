import Foundation
import HoistCommands
import HoistTestSupport
import Testing

/// Helpers for running the built `hoist` executable on fixture files.
enum PackageCommandSupport {
    static let repositoryRoot: String = HoistBinary.packageRoot.path

    static func elfFixture(_ name: String) -> String {
        repositoryRoot + "/Tests/HoistPackagingTests/Fixtures/elf/" + name
    }

    /// The `hoist` executable built next to this test bundle.
    static func hoistExecutable() throws -> String {
        let path = HoistBinary.executable.path
        return try #require(
            FileManager.default.isExecutableFile(atPath: path) ? path : nil, "hoist executable not built")
    }

    static func temporaryDirectory() throws -> String {
        let path = try TemporaryDirectory.kept("command-test").path
        try FileManager.default.createDirectory(atPath: path + "/layer/lib", withIntermediateDirectories: true)
        return path
    }

    /// Runs a shell command line in a folder with extra environment; returns status and merged output.
    static func shell(_ script: String, in folder: String, environment: [String: String] = [:]) throws -> (
        Int32, String
    ) {
        let result = try ProcessRunner.shell(
            script, in: URL(fileURLWithPath: folder),
            environment: ProcessInfo.processInfo.environment.merging(environment) { $1 })
        return (result.status, result.stdout)
    }
}

@Suite("hoist package")
struct PackageCommandTests {
    @Test("flags map onto the packaging configuration")
    func flags() throws {
        let command = try PackageCommand.parse([
            "--bootstrap", "b", "--layer-dir", "deps/python", "--layer-dir", "libs:lib", "--exclude", "*.pyc",
            "--direct-upload-limit", "20MB", "--output-dir", "out",
        ])
        let configuration = try command.makeConfiguration(environment: ["SOURCE_DATE_EPOCH": "1700000000"])
        #expect(configuration.bootstrapPath == "b")
        #expect(
            configuration.layerInputs == [
                .folder(source: "deps/python", destination: "python"), .folder(source: "libs", destination: "lib"),
            ])
        #expect(configuration.excludes == ["packages/", "*.zip", "*.md", "*.pyc"])
        #expect(configuration.directUploadLimit == 20 * 1_048_576)
        #expect(configuration.outputDirectory == "out")
        #expect(configuration.modificationTime == 1_700_000_000)
        #expect(try PackageCommand.parseSize("512KB") == 524_288)
        #expect(try PackageCommand.parseSize("1234") == 1234)
        #expect(throws: (any Error).self) { try PackageCommand.parseSize("ten") }
    }

    @Test("two packagings from a clean state are byte-identical, also under TZ=America/New_York and umask 077")
    func reproducibleAcrossTimeZoneAndUmask() throws {
        let hoist = try PackageCommandSupport.hoistExecutable()
        let folder = try PackageCommandSupport.temporaryDirectory()
        let fixture = PackageCommandSupport.elfFixture("needs-glibc-2.34")
        try FileManager.default.copyItem(atPath: fixture, toPath: folder + "/bootstrap")
        try Data("shared data\n".utf8).write(to: URL(fileURLWithPath: folder + "/layer/lib/data.txt"))
        let command = "'\(hoist)' package --bootstrap bootstrap --layer-dir layer:"
        let (status, output) = try PackageCommandSupport.shell(
            "umask 022 && " + command, in: folder, environment: ["TZ": "UTC"])
        #expect(status == 0, "\(output)")
        let names = ["code.zip", "layer.zip", "manifest.json"]
        let first = try names.map { try Data(contentsOf: URL(fileURLWithPath: folder + "/.hoist/dist/" + $0)) }
        try FileManager.default.removeItem(atPath: folder + "/.hoist")
        let (status2, output2) = try PackageCommandSupport.shell(
            "umask 077 && " + command, in: folder, environment: ["TZ": "America/New_York"])
        #expect(status2 == 0, "\(output2)")
        let second = try names.map { try Data(contentsOf: URL(fileURLWithPath: folder + "/.hoist/dist/" + $0)) }
        #expect(first == second)
        let (_, listing) = try PackageCommandSupport.shell("unzip -Z .hoist/dist/code.zip", in: folder)
        #expect(listing.split(separator: "\n").contains { $0.hasPrefix("-rwxr-xr-x") && $0.hasSuffix(" bootstrap") })
        let (_, layerListing) = try PackageCommandSupport.shell("unzip -Z .hoist/dist/layer.zip", in: folder)
        #expect(layerListing.contains("-rw-r--r--") && layerListing.contains("80-Jan-01 00:00 lib/data.txt"))
        let (_, again) = try PackageCommandSupport.shell(command, in: folder)
        #expect(again.contains("code.zip") && again.contains("unchanged: reused"))
    }

    @Test("the gate refuses a bootstrap needing GLIBC_2.35 on provided.al2023 before writing anything")
    func gateRefuses() throws {
        let hoist = try PackageCommandSupport.hoistExecutable()
        let folder = try PackageCommandSupport.temporaryDirectory()
        let (status, output) = try PackageCommandSupport.shell(
            "'\(hoist)' package --bootstrap '\(PackageCommandSupport.elfFixture("needs-glibc-2.35"))'", in: folder)
        #expect(status == 1)
        #expect(output.contains("libm.so.6 must provide GLIBC_2.35"))
        #expect(!FileManager.default.fileExists(atPath: folder + "/.hoist/dist/code.zip"))
        let (al2Status, al2Output) = try PackageCommandSupport.shell(
            "'\(hoist)' package --runtime provided.al2 --bootstrap '\(PackageCommandSupport.elfFixture("needs-glibc-2.34"))'",
            in: folder)
        #expect(al2Status == 1)
        #expect(al2Output.contains("libc.so.6 must provide GLIBC_2.34; the runtime's glibc is 2.26"))
    }

    @Test("without a bootstrap, hoist package says to run hoist build; --extra adds files and folders to code.zip")
    func missingBootstrapAndExtras() throws {
        let hoist = try PackageCommandSupport.hoistExecutable()
        let folder = try PackageCommandSupport.temporaryDirectory()
        let (status, output) = try PackageCommandSupport.shell("'\(hoist)' package", in: folder)
        #expect(status != 0)
        #expect(output.contains("run `hoist build` first"))
        try FileManager.default.copyItem(
            atPath: PackageCommandSupport.elfFixture("needs-glibc-2.34"), toPath: folder + "/bootstrap")
        try FileManager.default.createDirectory(atPath: folder + "/assets/img", withIntermediateDirectories: true)
        try Data("{}".utf8).write(to: URL(fileURLWithPath: folder + "/config.json"))
        try Data("png".utf8).write(to: URL(fileURLWithPath: folder + "/assets/img/a.png"))
        try Data("notes".utf8).write(to: URL(fileURLWithPath: folder + "/assets/NOTES.md"))
        let (packaged, packageOutput) = try PackageCommandSupport.shell(
            "'\(hoist)' package --bootstrap bootstrap --extra config.json:etc/config.json --extra assets", in: folder)
        #expect(packaged == 0, "\(packageOutput)")
        let (_, listing) = try PackageCommandSupport.shell("unzip -Z1 .hoist/dist/code.zip", in: folder)
        #expect(listing == "assets/img/a.png\nbootstrap\netc/config.json\n")
        #expect(!FileManager.default.fileExists(atPath: folder + "/.hoist/dist/layer.zip"))
    }

    @Test("a libstdc++ bootstrap passes once the layer bundles lib/libstdc++.so.6")
    func bundledLibraryPasses() throws {
        let hoist = try PackageCommandSupport.hoistExecutable()
        let folder = try PackageCommandSupport.temporaryDirectory()
        let bootstrap = PackageCommandSupport.elfFixture("needs-libstdcxx")
        let (refused, output) = try PackageCommandSupport.shell(
            "'\(hoist)' package --bootstrap '\(bootstrap)'", in: folder)
        #expect(refused == 1)
        #expect(output.contains("needs libstdc++.so.6") && output.contains("bundle the missing libraries"))
        try Data([0x7F]).write(to: URL(fileURLWithPath: folder + "/layer/lib/libstdc++.so.6"))
        let (status, passed) = try PackageCommandSupport.shell(
            "'\(hoist)' package --bootstrap '\(bootstrap)' --layer-dir layer:", in: folder)
        #expect(status == 0, "\(passed)")
    }
}
