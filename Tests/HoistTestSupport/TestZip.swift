import Foundation
import Testing

/// Zips for functions created in moto, made by the system's zip tool (hoist's packaging has its own tests).
public enum TestZip {
    /// A zip holding one executable file `bootstrap` with `script` in it: different scripts give different
    /// CodeSha256, so Lambda sees a code change.
    public static func bootstrap(_ script: String = "#!/bin/sh\necho hi\n") throws -> [UInt8] {
        let folder = try TemporaryDirectory("zip")
        try folder.write("bootstrap", script)
        let zipped = try ProcessRunner.run(
            URL(fileURLWithPath: "/usr/bin/zip"), ["-q", "code.zip", "bootstrap"], directory: folder.url)
        try #require(zipped.status == 0, "zip failed: \(zipped.output)")
        return Array(try Data(contentsOf: folder.url.appendingPathComponent("code.zip")))
    }
}
