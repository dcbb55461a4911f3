import Foundation
import HoistSigV4
import Testing

/// One case of AWS's SigV4 signing test suite, read from its folder.
struct SigV4VectorCase {
    let name: String
    let folder: URL
    let context: [String: Any]
    let method: String
    let path: String
    let query: [(name: String, value: String)]
    let headers: [(name: String, value: String)]
    let body: [UInt8]

    init(folder: URL) throws {
        self.folder = folder
        name = folder.lastPathComponent
        let contextData = try Data(contentsOf: folder.appendingPathComponent("context.json"))
        context = try JSONSerialization.jsonObject(with: contextData) as! [String: Any]
        let raw = try String(contentsOf: folder.appendingPathComponent("request.txt"), encoding: .utf8)
        let (head, body) = Self.splitHead(raw)
        self.body = Array(body.utf8)
        var lines = head.components(separatedBy: "\n")
        let requestLine = lines.removeFirst()
        let firstSpace = requestLine.firstIndex(of: " ")!
        method = String(requestLine[..<firstSpace])
        var target = String(requestLine[requestLine.index(after: firstSpace)...])
        if target.hasSuffix(" HTTP/1.1") { target.removeLast(" HTTP/1.1".count) }
        if let mark = target.firstIndex(of: "?") {
            path = String(target[..<mark])
            query = target[target.index(after: mark)...].split(separator: "&").map { pair in
                let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                return (
                    URIEncoding.decode(String(parts[0])),
                    parts.count > 1 ? URIEncoding.decode(String(parts[1])) : ""
                )
            }
        } else {
            path = target
            query = []
        }
        var headers: [(name: String, value: String)] = []
        for line in lines where !line.isEmpty {
            if line.first == " " || line.first == "\t", !headers.isEmpty {
                headers[headers.count - 1].value += "\n" + line
            } else if let colon = line.firstIndex(of: ":") {
                headers.append((String(line[..<colon]), String(line[line.index(after: colon)...])))
            }
        }
        self.headers = headers
    }

    /// Splits at the first empty line; the request files use `\n` line ends.
    static func splitHead(_ raw: String) -> (String, String) {
        if let range = raw.range(of: "\n\n") {
            return (String(raw[..<range.lowerBound]), String(raw[range.upperBound...]))
        }
        return (raw.hasSuffix("\n") ? String(raw.dropLast()) : raw, "")
    }

    func expected(_ file: String) throws -> String {
        try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
    }

    var signer: SigV4Signer {
        let credentials = context["credentials"] as! [String: Any]
        return SigV4Signer(
            credentials: AWSCredentials(
                accessKeyId: credentials["access_key_id"] as! String,
                secretAccessKey: credentials["secret_access_key"] as! String,
                sessionToken: credentials["token"] as? String),
            region: context["region"] as! String,
            service: context["service"] as! String,
            options: .init(
                doubleEncodePath: true,
                normalizePath: context["normalize"] as? Bool ?? true,
                addContentSHA256Header: context["sign_body"] as? Bool ?? false,
                omitSessionTokenFromSignature: context["omit_session_token"] as? Bool ?? false))
    }

    var date: Date {
        ISO8601DateFormatter().date(from: context["timestamp"] as! String)!
    }

    var expires: Int { context["expiration_in_seconds"] as? Int ?? 3600 }

    var request: SigV4Request { SigV4Request(method: method, path: path, query: query, headers: headers) }
}

/// Where the suite lives: `HOIST_SIGV4_VECTORS`, else `../shared/vectors/sigv4` beside the package root.
///
/// The suite is AWS's, not the repository's: when the folder is missing the tests are skipped with
/// ``missingNote`` as the printed reason (Swift Testing's `.enabled(if:_:)`), and they run whenever it is there.
/// Nothing else in the tests needs a file outside the repository.
enum SigV4Vectors {
    static let folder: URL = {
        if let override = ProcessInfo.processInfo.environment["HOIST_SIGV4_VECTORS"], !override.isEmpty {
            return URL(fileURLWithPath: override)
        }
        let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        return packageRoot.deletingLastPathComponent().appendingPathComponent("shared/vectors/sigv4")
    }()

    static let caseNames: [String] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { name in
            FileManager.default.fileExists(atPath: folder.appendingPathComponent(name + "/context.json").path)
        }.sorted()
    }()

    static var available: Bool { !caseNames.isEmpty }

    static var missingNote: Comment {
        "SigV4 test vectors not found at \(folder.path): set HOIST_SIGV4_VECTORS to the suite's folder"
    }
}
