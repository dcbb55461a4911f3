import Foundation
import Testing

@testable import HoistPackaging

#if canImport(Glibc)
    import Glibc
#endif

@Suite("Python layer: pip arguments, cache key, pip failures, wheel gate, local launch")
struct PythonLayerTests {
    static func request(
        _ requirements: [String] = ["pyjwt"], minor: Int = 11, architecture: RuntimeManifest.Architecture = .x86_64
    ) -> PythonLayerBuilder.Request {
        PythonLayerBuilder.Request(
            requirements: requirements, pythonMinor: minor, architecture: architecture, workDirectory: "/w")
    }

    @Test("pip installs only Lambda's wheels: platform per architecture, CPython, the runtime's version, --target")
    func pipArguments() {
        let x86 = PythonLayerBuilder.pipArguments(
            for: Self.request(["pyjwt", "passlib[bcrypt]"]), target: "/w/k/python")
        #expect(
            x86 == [
                "-m", "pip", "install", "--platform", "manylinux2014_x86_64", "--implementation", "cp",
                "--python-version", "3.11", "--only-binary=:all:", "--target", "/w/k/python", "--no-compile",
                "--no-warn-conflicts", "--disable-pip-version-check", "--no-input", "pyjwt", "passlib[bcrypt]",
            ])
        var file = Self.request([], minor: 12, architecture: .arm64)
        file.requirementsFile = "/app/requirements.txt"
        let arm = PythonLayerBuilder.pipArguments(for: file, target: "/t")
        #expect(arm.contains("manylinux2014_aarch64") && arm.contains("3.12"))
        #expect(Array(arm.suffix(2)) == ["-r", "/app/requirements.txt"])
    }

    @Test("the cache key changes with the requirements, runtime, architecture and PIP_* settings only")
    func cacheKey() {
        func key(_ request: PythonLayerBuilder.Request, file: [UInt8]? = nil, env: [String: String] = [:]) -> String {
            PythonLayerBuilder.cacheKey(for: request, requirementsFileBytes: file, environment: env)
        }
        let base = key(Self.request())
        #expect(base.count == 64)
        #expect(base == key(Self.request(), env: ["HOME": "/elsewhere"]))
        #expect(base != key(Self.request(["pyjwt==2.9.0"])))
        #expect(base != key(Self.request(minor: 12)))
        #expect(base != key(Self.request(architecture: .arm64)))
        #expect(base != key(Self.request(), env: ["PIP_FIND_LINKS": "/wheels"]))
        #expect(key(Self.request([]), file: Array("a\n".utf8)) != key(Self.request([]), file: Array("b\n".utf8)))
    }

    @Test("python3.9–3.11 are checked against glibc 2.26 (AL2), python3.12+ against 2.34 (AL2023)")
    func pythonManifests() throws {
        #expect(try RuntimeManifest.named("python3.11").glibcVersion == SymbolVersion(2, 26))
        #expect(try RuntimeManifest.named("python3.9").glibcVersion == SymbolVersion(2, 26))
        #expect(try RuntimeManifest.named("python3.12").glibcVersion == SymbolVersion(2, 34))
        #expect(try RuntimeManifest.named("python3.13").glibcVersion == SymbolVersion(2, 34))
        #expect(throws: PackagingError.self) { try RuntimeManifest.named("python3.8") }
    }

    @Test("pip's stderr gives the failing package, its errors and a hint")
    func pipFailure() {
        let missing = PipFailure.parse(
            standardError: """
                Looking in links: /opt/wheels
                ERROR: Could not find a version that satisfies the requirement pyjwt==99 (from versions: 2.9.0)
                ERROR: No matching distribution found for pyjwt==99
                """)
        #expect(missing.package == "pyjwt==99")
        #expect(missing.errors.count == 2)
        #expect(missing.hint?.contains("no listed version matches") == true)
        let noWheel = PipFailure.parse(
            standardError:
                "ERROR: Could not find a version that satisfies the requirement numpyy (from versions: none)\n"
                + "ERROR: No matching distribution found for numpyy\n")
        #expect(noWheel.package == "numpyy")
        #expect(noWheel.hint?.contains("or the name is wrong") == true)
        #expect(missing.description.hasPrefix("pip could not install pyjwt==99\n"))
        let offline = PipFailure.parse(
            standardError: """
                WARNING: Retrying (Retry(total=0)) after connection broken by 'NewConnectionError(...)': /simple/x/
                ERROR: Could not find a version that satisfies the requirement x (from versions: none)
                """)
        #expect(offline.package == "x")
        #expect(offline.hint?.contains("could not reach the package index") == true)
        let conflict = PipFailure.parse(
            standardError: "ERROR: Cannot install a==1 and b==2 because these package versions have conflicting "
                + "dependencies.\n")
        #expect(conflict.package == "a==1 and b==2")
        let other = PipFailure.parse(standardError: "Traceback (most recent call last):\nOSError: disk full\n")
        #expect(other.package == nil && other.errors.last == "OSError: disk full")
    }

    @Test("a dist-info folder gives the wheel's name, version, tags and files (RECORD is CSV)")
    func installedWheel() throws {
        let wheel = try #require(
            InstalledWheel(
                distInfoFolder: "bcrypt-4.0.1.dist-info",
                wheel:
                    "Wheel-Version: 1.0\r\nTag: cp36-abi3-manylinux_2_17_x86_64\r\nTag: cp36-abi3-manylinux2014_x86_64\r\n",
                record:
                    "bcrypt/_bcrypt.abi3.so,sha256=abc,1958624\r\n\"odd,name.py\",sha256=def,1\r\nbcrypt-4.0.1.dist-info/RECORD,,\r\n"
            ))
        #expect(wheel.name == "bcrypt" && wheel.version == "4.0.1")
        #expect(wheel.tags == ["cp36-abi3-manylinux_2_17_x86_64", "cp36-abi3-manylinux2014_x86_64"])
        #expect(wheel.files == ["bcrypt/_bcrypt.abi3.so", "odd,name.py", "bcrypt-4.0.1.dist-info/RECORD"])
        #expect(wheel.fileName == "bcrypt-4.0.1-cp36-abi3-manylinux2014_x86_64.whl")
        #expect(InstalledWheel(distInfoFolder: "jwt", wheel: "", record: "") == nil)
    }

    /// A pip-like target folder holding one wheel whose extension module needs GLIBC_2.34.
    static func layerWithGlibc234() throws -> String {
        let folder = try TestSupport.temporaryDirectory()
        let object = try TestSupport.fixtureBytes("elf/ext-needs-glibc-2.34.so")
        try FileManager.default.createDirectory(atPath: folder + "/hoistglibc", withIntermediateDirectories: true)
        try Data(object).write(to: URL(fileURLWithPath: folder + "/hoistglibc/_native.so"))
        try TestSupport.write("", to: folder + "/hoistglibc/__init__.py")
        try TestSupport.write(
            "Wheel-Version: 1.0\nTag: cp311-cp311-manylinux2014_x86_64\n",
            to: folder + "/hoistglibc-1.0.dist-info/WHEEL")
        try TestSupport.write(
            "hoistglibc/__init__.py,,\nhoistglibc/_native.so,,\n", to: folder + "/hoistglibc-1.0.dist-info/RECORD")
        try TestSupport.write("not an ELF file", to: folder + "/hoistglibc/linker-script.so")
        return folder
    }

    @Test("a wheel's .so needing GLIBC_2.34 is refused for python3.11 with the wheel named, accepted for 3.12")
    func gateNamesWheel() throws {
        let folder = try Self.layerWithGlibc234()
        let gate = PythonLayerGate(runtime: .python(minor: 11), architecture: .x86_64)
        let error = try #require(throws: PackagingError.self) { try gate.enforce(sitePackages: folder) }
        #expect(error.code == .incompatibleWheel)
        #expect(error.message.contains("wheel hoistglibc-1.0-cp311-cp311-manylinux2014_x86_64.whl (hoistglibc 1.0)"))
        #expect(error.message.contains("hoistglibc/_native.so: libc.so.6 must provide GLIBC_2.34"))
        #expect(error.message.contains("python3.11 (x86_64, glibc 2.26)"))
        try PythonLayerGate(runtime: .python(minor: 12), architecture: .x86_64).enforce(sitePackages: folder)
        let arm = try #require(throws: PackagingError.self) {
            try PythonLayerGate(runtime: .python(minor: 12), architecture: .arm64).enforce(sitePackages: folder)
        }
        #expect(arm.message.contains("built for x86_64"))
    }

    @Test("libraries the wheels bundle (auditwheel's .libs) and the runtime's libstdc++ count as present")
    func bundledLibrariesCount() throws {
        let elf = try ELFFile(bytes: TestSupport.fixtureBytes("elf/needs-libstdcxx"))
        let gate = PythonLayerGate(runtime: .python(minor: 12), architecture: .x86_64)
        let findings = gate.findings(sharedObjects: [("pkg/_ext.so", elf)], wheels: [])
        #expect(
            findings.allSatisfy { finding in
                !finding.problems.contains { if case .missingLibrary = $0 { true } else { false } }
            })
        #expect(!PythonLayerGate.isSharedObject("pkg/module.py"))
        #expect(
            PythonLayerGate.isSharedObject("numpy.libs/libopenblas.so.0.3") && PythonLayerGate.isSharedObject("a.so"))
    }

    @Test("the local launch runs awslambdaric with the code folder, then the layer, on PYTHONPATH")
    func localLaunch() {
        let launch = PythonLocalLaunch(
            handler: "lambda_function.lambda_handler", codeDirectory: "/app",
            layerSitePackages: "/app/.hoist/python/k/python")
        #expect(launch.executable == "python3")
        #expect(launch.arguments == ["-m", "awslambdaric", "lambda_function.lambda_handler"])
        #expect(launch.environment["PYTHONPATH"] == "/app:/app/.hoist/python/k/python")
        #expect(launch.environment["_HANDLER"] == "lambda_function.lambda_handler")
        #expect(launch.workingDirectory == "/app")
        let bare = PythonLocalLaunch(handler: "app.handler", codeDirectory: "/c", layerSitePackages: nil)
        #expect(bare.environment["PYTHONPATH"] == "/c")
    }

    @Test("a child starts with no blocked signals even when the spawning thread blocks SIGTERM")
    func subprocessSignalMask() throws {
        var block = sigset_t()
        sigemptyset(&block)
        sigaddset(&block, SIGTERM)
        var previous = sigset_t()
        pthread_sigmask(SIG_BLOCK, &block, &previous)
        defer { pthread_sigmask(SIG_SETMASK, &previous, nil) }
        let result = try Subprocess(executable: "sh", arguments: ["-c", "grep SigBlk /proc/self/status; echo err >&2"])
            .run(scratchDirectory: try TestSupport.temporaryDirectory())
        #expect(result.status == 0)
        #expect(result.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines) == "SigBlk:\t0000000000000000")
        #expect(result.standardError == "err\n")
        let missing = try #require(throws: PackagingError.self) {
            try Subprocess(executable: "no-such-program-hoist", arguments: []).run(
                scratchDirectory: try TestSupport.temporaryDirectory())
        }
        #expect(missing.code == .io)
    }

    @Test("a python code zip: no bootstrap, the folder minus excludes, byte-identical twice")
    func codeZipWithoutBootstrap() throws {
        let source = try TestSupport.temporaryDirectory()
        for file in [
            "lambda_function.py", "utils/db.py", "__pycache__/x.pyc", "utils/__pycache__/db.pyc", "python/jwt.py",
            ".git/HEAD", ".hoist/cache/code.json", "packages/a.txt", "old.zip", "README.md",
        ] {
            try TestSupport.write("print(1)\n", to: source + "/" + file)
        }
        var zips: [Data] = []
        for _ in 0..<2 {
            let out = try TestSupport.temporaryDirectory()
            let configuration = PackagingConfiguration(
                bootstrapPath: nil, codeInputs: [.folder(source: source, destination: "")],
                excludes: ExcludeRules.defaultPatterns + ExcludeRules.pythonCodePatterns,
                outputDirectory: out + "/dist",
                cacheDirectory: out + "/cache")
            let result = try ArtifactPackager(configuration: configuration).package()
            #expect(result.manifest.artifact(named: "code")?.entries == 2)
            let listing = try TestSupport.run("/usr/bin/env", ["unzip", "-Z1", out + "/dist/code.zip"])
            #expect(listing.output == "lambda_function.py\nutils/db.py\n")
            zips.append(try Data(contentsOf: URL(fileURLWithPath: out + "/dist/code.zip")))
        }
        #expect(zips[0] == zips[1])
    }

    @Test("code folders leave out the sensitive patterns and report them; layer folders keep them (certifi's .pem)")
    func sensitiveLeftOutOfCodeOnly() throws {
        let source = try TestSupport.temporaryDirectory()
        let layer = try TestSupport.temporaryDirectory()
        for file in ["app.py", ".env", "sub/.env.local", "node_modules/x.js", "id.key", ".git/HEAD", "extra.pem"] {
            try TestSupport.write("x\n", to: source + "/" + file)
        }
        try TestSupport.write("cert\n", to: layer + "/python/certifi/cacert.pem")
        let out = try TestSupport.temporaryDirectory()
        let configuration = PackagingConfiguration(
            bootstrapPath: nil,
            codeInputs: [
                .folder(source: source, destination: ""),
                .file(source: source + "/extra.pem", destination: "extra.pem"),
            ],
            layerInputs: [.folder(source: layer + "/python", destination: "python")],
            outputDirectory: out + "/dist", cacheDirectory: out + "/cache")
        let result = try ArtifactPackager(configuration: configuration).package()
        #expect(result.leftOut == [".env", ".git/", "extra.pem", "id.key", "node_modules/", "sub/.env.local"])
        let code = try TestSupport.run("/usr/bin/env", ["unzip", "-Z1", out + "/dist/code.zip"])
        #expect(code.output == "app.py\nextra.pem\n")
        let layerListing = try TestSupport.run("/usr/bin/env", ["unzip", "-Z1", out + "/dist/layer.zip"])
        #expect(layerListing.output == "python/certifi/cacert.pem\n")
    }
}
