import Foundation
import HoistAWS

/// Files under `Tests/HoistAWSTests/Fixtures/`.
enum Fixture {
    struct Missing: Error, CustomStringConvertible {
        var path: String
        var description: String { "fixture \(path) is missing" }
    }

    /// The URL of a fixture file, e.g. `errors/query-throttling.xml`.
    static func url(_ path: String) throws -> URL {
        guard let folder = Bundle.module.url(forResource: "Fixtures", withExtension: nil) else {
            throw Missing(path: "Fixtures")
        }
        let url = folder.appendingPathComponent(path)
        guard FileManager.default.fileExists(atPath: url.path) else { throw Missing(path: path) }
        return url
    }

    /// The bytes of a fixture file.
    static func bytes(_ path: String) throws -> [UInt8] {
        Array(try Data(contentsOf: try url(path)))
    }

    /// The text of a fixture file.
    static func text(_ path: String) throws -> String {
        String(decoding: try bytes(path), as: UTF8.self)
    }
}

extension HTTPResponse {
    /// A response whose body is a fixture file.
    static func fixture(_ status: Int, _ path: String, headers: [HTTPHeader] = []) throws -> HTTPResponse {
        HTTPResponse(status: status, headers: headers, body: try Fixture.bytes(path))
    }
}
