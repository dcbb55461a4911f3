import Foundation
import Testing

/// The Python code zip leaves secrets and local tool state out by default (binary, no pip, no AWS).
@Suite("Python code zip: sensitive files left out (binary)")
struct CodeZipLeftOutTests {
    static let sensitive = [
        ".env", ".env.production", "utils/.env", ".venv/lib/site.py", "venv/bin/activate", "server.pem",
        "keys/server.key", ".aws/credentials", ".gitignore", ".github/workflows/ci.yml", "node_modules/a/index.js",
        "certs/ca.pem",
    ]
    static let kept = ["environment.py", "keys/keys.py", "utils/helpers.py"]

    /// The fixture without requirements (no pip), with the files above and `certs/ca.pem` named in code_extra.
    static func project() throws -> URL {
        let (folder, _) = try PythonFixtures.copy("python-backend")
        let config = folder.appendingPathComponent("hoist.yml")
        let text =
            try String(contentsOf: config, encoding: .utf8)
            .replacingOccurrences(of: "requirements: requirements.txt\n", with: "")
            + "code_extra:\n  - path: certs/ca.pem\n    prefix: certs/ca.pem\n"
        try text.write(to: config, atomically: true, encoding: .utf8)
        for file in sensitive + kept {
            let url = folder.appendingPathComponent(file)
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data("SECRET=1\n".utf8).write(to: url)
        }
        return folder
    }

    @Test("hoist package: .env*, venvs, keys, .aws, .git*, node_modules stay out; code_extra ships a file on purpose")
    func leftOutByDefault() throws {
        let folder = try Self.project()
        let config = folder.appendingPathComponent("hoist.yml").path
        let package = try HoistBinary.run(["package", "--config", config], environment: [:])
        #expect(package.status == 0, "\(package.stderr)")
        let entries = try PythonFixtures.entries(folder.appendingPathComponent(".hoist/dist/code.zip"))
        for file in Self.sensitive where file != "certs/ca.pem" { #expect(!entries.contains(file), "\(file)") }
        for file in Self.kept + ["lambda_function.py", "certs/ca.pem"] { #expect(entries.contains(file), "\(file)") }

        let verbose = try HoistBinary.run(["package", "--config", config, "--verbose"], environment: [:])
        #expect(verbose.status == 0, "\(verbose.stderr)")
        let listed = verbose.stdout.split(separator: "\n").filter { $0.hasPrefix("  ") }
            .map { $0.trimmingCharacters(in: .whitespaces) }
        #expect(
            listed == [
                ".aws/", ".env", ".env.production", ".github/", ".gitignore", ".venv/", "certs/ca.pem",
                "keys/server.key",
                "node_modules/", "server.pem", "utils/.env", "venv/",
            ], "\(verbose.stdout)")
        #expect(verbose.stdout.contains("left out of code.zip by default: 12 paths"))
    }
}
