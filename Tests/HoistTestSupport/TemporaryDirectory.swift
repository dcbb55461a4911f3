import Foundation

/// A fresh folder under the system temporary folder, removed when the value is released.
///
/// Why: tests write configs, zips and state files; each gets its own folder so parallel tests never meet.
public final class TemporaryDirectory: @unchecked Sendable {
    /// The folder's path.
    public let path: String

    /// Creates an empty folder named `hoist-<label>-<uuid>`.
    public init(_ label: String = "test") throws {
        path = Self.newPath(label)
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    /// The folder as a file URL.
    public var url: URL { URL(fileURLWithPath: path) }

    /// Writes a text file in the folder and returns its path.
    @discardableResult
    public func write(_ name: String, _ text: String) throws -> String {
        let file = path + "/" + name
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        return file
    }

    /// A new empty folder that stays after the test (for a hoist run's HOME or a copied fixture).
    public static func kept(_ label: String = "test") throws -> URL {
        let path = newPath(label)
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return URL(fileURLWithPath: path)
    }

    private static func newPath(_ label: String) -> String {
        let safe = label.filter { $0.isLetter || $0.isNumber || $0 == "-" }
        return NSTemporaryDirectory() + "hoist-\(safe)-\(UUID().uuidString)"
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }
}
