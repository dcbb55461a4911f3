import Crypto
import Foundation
import HoistPackaging
import Testing

@Suite("Artifact packager")
struct ArtifactPackagerTests {
    /// A project folder with a bootstrap, an extra file and a layer folder with excluded and linked files.
    private func makeProject() throws -> String {
        let root = try TestSupport.temporaryDirectory()
        try TestSupport.write("#!/bin/sh\necho bootstrap\n", to: root + "/build/bootstrap", mode: 0o700)
        try TestSupport.write("{\"stage\":\"dev\"}\n", to: root + "/config.json", mode: 0o600)
        try TestSupport.write("print('jwt')\n", to: root + "/python/jwt/__init__.py")
        try TestSupport.write("#!/usr/bin/env python3\n", to: root + "/python/bin/tool", mode: 0o775)
        try TestSupport.write("docs", to: root + "/python/README.md")
        try TestSupport.write("old", to: root + "/python/old.zip")
        try TestSupport.write("cached wheel", to: root + "/python/packages/x.whl")
        try TestSupport.write("ELF...", to: root + "/libs/libfoo.so.1")
        try FileManager.default.createSymbolicLink(atPath: root + "/libs/libfoo.so", withDestinationPath: "libfoo.so.1")
        return root
    }

    private func configuration(_ root: String, limit: UInt64 = ArtifactLimits.defaultDirectUploadLimit)
        -> PackagingConfiguration
    {
        PackagingConfiguration(
            bootstrapPath: root + "/build/bootstrap",
            codeInputs: [PackagingConfiguration.fileInput(root + "/config.json")],
            layerInputs: [
                PackagingConfiguration.folderInput(root + "/python"),
                PackagingConfiguration.folderInput(root + "/libs:lib"),
            ],
            directUploadLimit: limit, outputDirectory: root + "/.hoist/dist", cacheDirectory: root + "/.hoist/cache")
    }

    private func entries(_ path: String) throws -> [CentralDirectoryEntry] {
        CentralDirectoryEntry.parse(Array(try Data(contentsOf: URL(fileURLWithPath: path))))
    }

    @Test("writes code.zip, layer.zip and a manifest whose hashes match the files")
    func writesArtifacts() throws {
        let root = try makeProject()
        let result = try ArtifactPackager(configuration: configuration(root)).package()
        let dist = root + "/.hoist/dist"
        let code = try entries(dist + "/code.zip")
        #expect(code.map(\.name) == ["bootstrap", "config.json"])
        #expect(code.map { $0.externalAttributes >> 16 } == [0o100755, 0o100644])
        let layer = try entries(dist + "/layer.zip")
        // Excludes (packages/, *.zip, *.md) applied; the symlink stored as its target's content.
        #expect(layer.map(\.name) == ["lib/libfoo.so", "lib/libfoo.so.1", "python/bin/tool", "python/jwt/__init__.py"])
        #expect(layer.map { $0.externalAttributes >> 16 } == [0o100644, 0o100644, 0o100755, 0o100644])
        #expect(layer[0].crc == layer[1].crc && layer[0].uncompressedSize == 6)

        let manifestData = try Data(contentsOf: URL(fileURLWithPath: dist + "/manifest.json"))
        let manifest = try JSONDecoder().decode(PackageManifest.self, from: manifestData)
        #expect(manifest == result.manifest)
        #expect(manifest.artifacts.map(\.name) == ["code", "layer"])
        for artifact in manifest.artifacts {
            let zip = try Data(contentsOf: URL(fileURLWithPath: dist + "/" + artifact.file))
            let digest = Data(SHA256.hash(data: zip))
            #expect(artifact.bytes == UInt64(zip.count))
            #expect(artifact.sha256 == digest.map { String(format: "%02x", $0) }.joined())
            #expect(artifact.sha256Base64 == digest.base64EncodedString())
            #expect(artifact.uploadMethod == .direct)
        }
        #expect(manifest.artifact(named: "code")?.unzippedBytes == 25 + 16)
        #expect(result.reusedArtifacts.isEmpty)
    }

    @Test("two packagings from a clean state are byte-identical, manifest included")
    func reproducibleFromClean() throws {
        let root = try makeProject()
        let dist = root + "/.hoist"
        _ = try ArtifactPackager(configuration: configuration(root)).package()
        let first = try ["code.zip", "layer.zip", "manifest.json"].map {
            try Data(contentsOf: URL(fileURLWithPath: dist + "/dist/" + $0))
        }
        try FileManager.default.removeItem(atPath: dist)
        // Touch every input: new mtimes must not change the bytes.
        try TestSupport.write("print('jwt')\n", to: root + "/python/jwt/__init__.py")
        let again = try ArtifactPackager(configuration: configuration(root)).package()
        #expect(again.reusedArtifacts.isEmpty)
        let second = try ["code.zip", "layer.zip", "manifest.json"].map {
            try Data(contentsOf: URL(fileURLWithPath: dist + "/dist/" + $0))
        }
        #expect(first == second)
    }

    @Test("an unchanged input reuses the zip; a touched one is rehashed and reused; an edited one is rewritten")
    func contentCache() throws {
        let root = try makeProject()
        let packager = ArtifactPackager(configuration: configuration(root))
        let first = try packager.package()
        let zipPath = root + "/.hoist/dist/layer.zip"
        let inode = try FileManager.default.attributesOfItem(atPath: zipPath)[.systemFileNumber] as? Int

        let unchanged = try packager.package()
        #expect(unchanged.reusedArtifacts == ["code", "layer"])
        // The inputs were written under 2 s ago: their stat facts are not trusted yet, contents are hashed.
        #expect(unchanged.verifiedByContent == ["code", "layer"])
        #expect(unchanged.manifest == first.manifest)
        #expect(try FileManager.default.attributesOfItem(atPath: zipPath)[.systemFileNumber] as? Int == inode)

        try TestSupport.write("print('jwt')\n", to: root + "/python/jwt/__init__.py")  // same content, new mtime
        let touched = try packager.package()
        #expect(touched.reusedArtifacts == ["code", "layer"])
        #expect(touched.manifest == first.manifest)

        try TestSupport.write("print('jwt 2')\n", to: root + "/python/jwt/__init__.py")
        let edited = try packager.package()
        #expect(edited.reusedArtifacts == ["code"])
        #expect(edited.manifest.artifact(named: "layer")?.sha256 != first.manifest.artifact(named: "layer")?.sha256)

        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: root + "/config.json")
        let modeChanged = try packager.package()
        #expect(modeChanged.reusedArtifacts == ["layer"])
        #expect(try entries(root + "/.hoist/dist/code.zip").last?.externalAttributes == (0o100755 as UInt32) << 16)
    }

    @Test("inputs older than the racy window are reused from their stat facts alone, without reading them")
    func statFactsFastPath() throws {
        let root = try makeProject()
        let cache = ContentCache(directory: root + "/.hoist/cache", racyWindowNanoseconds: 0)
        let packager = ArtifactPackager(configuration: configuration(root), cache: cache)
        _ = try packager.package()
        let again = try packager.package()
        #expect(again.reusedArtifacts == ["code", "layer"])
        #expect(again.verifiedByContent.isEmpty)
    }

    @Test("a change within one timestamp tick of the record is caught by content, not trusted by stat facts")
    func racyInputIsVerified() throws {
        let root = try makeProject()
        let configuration = configuration(root)
        let first = try ArtifactPackager(configuration: configuration).package()
        // Same size, new content; then forge a record whose stat facts equal the new ones, as happens when the
        // rewrite lands in the same timestamp tick as the stat taken for the record.
        try TestSupport.write("print('JWT')\n", to: root + "/python/jwt/__init__.py")
        let cache = ContentCache(directory: configuration.cacheDirectory)
        var record = try #require(cache.record(for: "layer"))
        record.files = try ArtifactPackager(configuration: configuration).layerFiles().sorted {
            Array($0.archivePath.utf8).lexicographicallyPrecedes(Array($1.archivePath.utf8))
        }
        try cache.store(record, for: "layer")
        // The stat facts match exactly: only the racy rule stands between this record and a stale zip.
        #expect(try #require(cache.record(for: "layer")).files == record.files)
        let result = try ArtifactPackager(configuration: configuration).package()
        #expect(!result.reusedArtifacts.contains("layer"))
        #expect(result.manifest.artifact(named: "layer")?.sha256 != first.manifest.artifact(named: "layer")?.sha256)
    }

    @Test("a path with a tab is packaged but not cached (the record format is tab-separated)")
    func tabInPath() throws {
        let root = try makeProject()
        try TestSupport.write("x", to: root + "/python/odd\tname.txt")
        let packager = ArtifactPackager(configuration: configuration(root))
        let first = try packager.package()
        #expect(try entries(root + "/.hoist/dist/layer.zip").contains { $0.name == "python/odd\tname.txt" })
        #expect(!FileManager.default.fileExists(atPath: root + "/.hoist/cache/layer.cache"))
        let second = try packager.package()
        #expect(second.reusedArtifacts == ["code"])
        #expect(second.manifest == first.manifest)
    }

    @Test("artifacts over the direct-upload limit are marked for S3; the limit is capped at 50 MB")
    func uploadMethod() throws {
        let root = try makeProject()
        let result = try ArtifactPackager(configuration: configuration(root, limit: 200)).package()
        let code = try #require(result.manifest.artifact(named: "code"))
        let layer = try #require(result.manifest.artifact(named: "layer"))
        #expect(code.bytes <= 200 ? code.uploadMethod == .direct : code.uploadMethod == .s3)
        #expect(layer.bytes > 200 && layer.uploadMethod == .s3)
        #expect(throws: PackagingError.self) {
            try ArtifactPackager(configuration: configuration(root, limit: 50 * 1024 * 1024 + 1)).package()
        }
    }

    @Test("no layer input: layer.zip is omitted and a stale one removed")
    func emptyLayer() throws {
        let root = try makeProject()
        _ = try ArtifactPackager(configuration: configuration(root)).package()
        var config = configuration(root)
        config.layerInputs = []
        let result = try ArtifactPackager(configuration: config).package()
        #expect(result.manifest.artifacts.map(\.name) == ["code"])
        #expect(!FileManager.default.fileExists(atPath: root + "/.hoist/dist/layer.zip"))
    }

    @Test("symlinks leaving the input, dangling or pointing at folders are refused")
    func symlinks() throws {
        for (name, target) in [("outside", "/etc/hostname"), ("dangling", "missing"), ("folder", "jwt")] {
            let root = try makeProject()
            try FileManager.default.createSymbolicLink(atPath: root + "/python/" + name, withDestinationPath: target)
            do {
                _ = try ArtifactPackager(configuration: configuration(root)).package()
                Issue.record("symlink \(name) was packaged")
            } catch {
                #expect(error.code == .unsupportedSymlink)
                #expect(error.message.contains(name))
            }
        }
    }

    @Test("limits: 250 MB unzipped with layers, 5 layers")
    func limits() throws {
        try ArtifactLimits.check(codeUnzippedBytes: 200 << 20, layerUnzippedBytes: [50 << 20])
        #expect(throws: PackagingError.self) {
            try ArtifactLimits.check(codeUnzippedBytes: 200 << 20, layerUnzippedBytes: [50 << 20, 1])
        }
        try ArtifactLimits.check(codeUnzippedBytes: 1, layerUnzippedBytes: [1, 1, 1, 1, 1])
        do {
            try ArtifactLimits.check(codeUnzippedBytes: 1, layerUnzippedBytes: [1, 1, 1, 1, 1, 1])
            Issue.record("6 layers accepted")
        } catch {
            #expect(error.code == .limitExceeded)
        }
        #expect(ArtifactLimits.uploadMethod(zippedBytes: 10 << 20, directUploadLimit: 10 << 20) == .direct)
        #expect(ArtifactLimits.uploadMethod(zippedBytes: (10 << 20) + 1, directUploadLimit: 10 << 20) == .s3)
    }

    @Test("the unzipped-size limit is checked before any zip is written")
    func limitBeforeWriting() throws {
        let root = try makeProject()
        var config = configuration(root)
        config.externalLayerUnzippedBytes = [ArtifactLimits.maximumUnzippedBytes]
        #expect(throws: PackagingError.self) { try ArtifactPackager(configuration: config).package() }
        #expect(!FileManager.default.fileExists(atPath: root + "/.hoist/dist/code.zip"))
    }

    @Test("layer libraries under lib/ are what the gate counts as bundled")
    func bundledLibraries() throws {
        let root = try makeProject()
        let files = try ArtifactPackager(configuration: configuration(root)).layerFiles()
        #expect(ArtifactPackager.bundledLibraries(in: files) == ["libfoo.so", "libfoo.so.1"])
    }
}
