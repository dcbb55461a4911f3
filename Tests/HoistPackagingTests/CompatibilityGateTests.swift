import HoistPackaging
import Testing

@Suite("Compatibility gate")
struct CompatibilityGateTests {
    private func elf(_ name: String) throws -> ELFFile {
        try ELFFile(bytes: try TestSupport.fixtureBytes("elf/" + name))
    }

    @Test("a bootstrap needing GLIBC_2.35 is refused for provided.al2023, naming library and version")
    func glibc235RefusedOnAL2023() throws {
        let gate = CompatibilityGate(runtime: .providedAL2023, architecture: .x86_64)
        let binary = try elf("needs-glibc-2.35")
        #expect(
            gate.problems(for: binary) == [
                .symbolVersionTooNew(library: "libm.so.6", version: "GLIBC_2.35", available: SymbolVersion(2, 34))
            ])
        do {
            try gate.enforce(binary)
            Issue.record("an incompatible bootstrap passed the gate")
        } catch {
            #expect(error.code == .incompatibleBootstrap)
            #expect(error.message.contains("libm.so.6 must provide GLIBC_2.35; the runtime's glibc is 2.34"))
            #expect(error.message.contains("-static-executable"))
            #expect(error.message.contains("--swift-sdk"))
        }
    }

    @Test("a bootstrap needing at most GLIBC_2.34 passes for provided.al2023 and is refused for provided.al2")
    func glibc234() throws {
        let binary = try elf("needs-glibc-2.34")
        try CompatibilityGate(runtime: .providedAL2023, architecture: .x86_64).enforce(binary)
        let problems = CompatibilityGate(runtime: .providedAL2, architecture: .x86_64).problems(for: binary)
        #expect(
            problems == [
                .symbolVersionTooNew(library: "libc.so.6", version: "GLIBC_2.34", available: SymbolVersion(2, 26))
            ])
    }

    @Test("libstdc++ counts as missing unless a layer bundles it under lib/")
    func libstdcxxNeedsBundling() throws {
        let binary = try elf("needs-libstdcxx")
        let plain = CompatibilityGate(runtime: .providedAL2023, architecture: .x86_64)
        #expect(plain.problems(for: binary) == [.missingLibrary("libstdc++.so.6")])
        let bundled = CompatibilityGate(
            runtime: .providedAL2023, architecture: .x86_64, bundledLibraries: ["libstdc++.so.6"])
        #expect(bundled.problems(for: binary).isEmpty)
    }

    @Test("a static bootstrap passes both runtimes; the machine must match the architecture")
    func staticAndMachine() throws {
        let arm = try ELFFile(bytes: SyntheticELF.staticExecutable(machine: 183))
        #expect(CompatibilityGate(runtime: .providedAL2, architecture: .arm64).problems(for: arm).isEmpty)
        #expect(CompatibilityGate(runtime: .providedAL2023, architecture: .arm64).problems(for: arm).isEmpty)
        #expect(
            CompatibilityGate(runtime: .providedAL2023, architecture: .x86_64).problems(for: arm)
                == [.wrongMachine(found: .aarch64, expected: .x86_64)])
        let x86 = try elf("needs-glibc-2.34")
        let problems = CompatibilityGate(runtime: .providedAL2023, architecture: .arm64).problems(for: x86)
        #expect(problems.contains(.wrongMachine(found: .x86_64, expected: .arm64)))
        #expect(
            problems.contains(
                .unexpectedInterpreter(found: "/lib64/ld-linux-x86-64.so.2", expected: "/lib/ld-linux-aarch64.so.1")))
    }

    @Test("GLIBC_PRIVATE is never satisfied")
    func glibcPrivate() {
        let elf = ELFFileFixtures.dynamic(versions: [.init(library: "libc.so.6", versions: ["GLIBC_PRIVATE"])])
        #expect(
            CompatibilityGate(runtime: .providedAL2023, architecture: .x86_64).problems(for: elf)
                == [.unsupportedSymbolVersion(library: "libc.so.6", version: "GLIBC_PRIVATE")])
    }

    @Test("runtime names and version ordering")
    func runtimesAndVersions() throws {
        #expect(try RuntimeManifest.named("provided.al2").glibcVersion == SymbolVersion(2, 26))
        #expect(try RuntimeManifest.named("python3.12").glibcVersion == SymbolVersion(2, 34))
        #expect(throws: PackagingError.self) { try RuntimeManifest.named("python3.8") }
        #expect(throws: PackagingError.self) { try RuntimeManifest.named("nodejs20.x") }
        #expect(SymbolVersion(2, 2, 5) < SymbolVersion(2, 34))
        #expect(SymbolVersion(2, 34) < SymbolVersion(2, 35))
        #expect(!(SymbolVersion(2, 34) < SymbolVersion(2, 34, 0)))
        #expect(SymbolVersion.fromName("GLIBC_2.10", prefix: "GLIBC_")! > SymbolVersion(2, 9))
        #expect(SymbolVersion.fromName("GLIBC_PRIVATE", prefix: "GLIBC_") == nil)
    }
}

/// ELF values for gate cases no compiler here produces.
enum ELFFileFixtures {
    static func dynamic(versions: [ELFFile.VersionNeed]) -> ELFFile {
        ELFFile(
            fileClass: .elf64, isLittleEndian: true, fileType: 3, machine: .x86_64,
            interpreter: "/lib64/ld-linux-x86-64.so.2", hasDynamicSection: true,
            neededLibraries: versions.map(\.library), versionNeeds: versions)
    }
}
