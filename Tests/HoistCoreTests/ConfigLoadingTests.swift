import Foundation
import Testing

@testable import HoistCore

@Suite("loading hoist.yml from disk")
struct ConfigLoadingTests {
    /// A fresh folder under the temporary directory, removed by the caller.
    func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("hoist-config-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test("paths inside resolve against the file's folder, wherever the caller is")
    func relativePaths() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("deploy/hoist.yml")
        try FileManager.default.createDirectory(
            at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try minimalConfig("layer:\n  - path: ../shared/lib\n").write(to: file, atomically: true, encoding: .utf8)
        let config = try HoistConfig.load(path: folder.path + "/deploy/./hoist.yml")
        let deploy = folder.appendingPathComponent("deploy").path
        #expect(config.configFile == deploy + "/hoist.yml")
        #expect(config.baseDirectory == deploy)
        #expect(config.backendDirectory == deploy)
        #expect(config.resolvePath(config.layer[0].path) == deploy + "/../shared/lib")
    }

    @Test("a relative --config is made absolute against the current directory")
    func absolutePath() {
        let cwd = FileManager.default.currentDirectoryPath
        #expect(HoistConfig.absolutePath("conf/../app/hoist.yml") == (cwd == "/" ? "" : cwd) + "/app/hoist.yml")
        #expect(HoistConfig.absolutePath("/a/./b/../hoist.yml") == "/a/hoist.yml")
        #expect(HoistConfig.directory(of: "hoist.yml") == ".")
        #expect(HoistConfig.directory(of: "/hoist.yml") == "/")
        #expect(HoistConfig.directory(of: "a/b/hoist.yml") == "a/b")
    }

    @Test("a missing file is one unreadable error with a hint")
    func missingFile() throws {
        let path = "/nonexistent-\(UUID().uuidString)/hoist.yml"
        let errors = #expect(throws: HoistConfigErrors.self) { try HoistConfig.load(path: path) }
        let error = try #require(errors?.errors.first)
        #expect(errors?.errors.count == 1)
        #expect(error.code == .unreadable)
        #expect(error.underlying != nil)
        #expect(error.hint == "no such file; run 'hoist init' or pass --config PATH")
        #expect(error.description == "\(path): error: cannot read the configuration file (\(error.hint!))")
    }

    @Test("a folder given as the file says so")
    func folderAsFile() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let errors = #expect(throws: HoistConfigErrors.self) { try HoistConfig.load(path: folder.path) }
        #expect(errors?.errors.map(\.code) == [.unreadable])
        #expect(errors?.errors.first?.hint == "it is a folder; pass the hoist.yml inside it")
    }

    @Test("errors name the file as the user gave it")
    func fileNameInErrors() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("hoist.yml")
        try "project: x\nbackend: {product: B}\nfunction: {memory: 1}\n".write(
            to: file, atomically: true, encoding: .utf8)
        let errors = #expect(throws: HoistConfigErrors.self) { try HoistConfig.load(path: file.path) }
        #expect(
            errors?.description == "\(file.path):3:20: error: function.memory must be between 128 and 10240 MB, got 1")
    }
}
