/// A distribution pip installed into a target folder, read from its `*.dist-info` folder.
public struct InstalledWheel: Sendable, Equatable, CustomStringConvertible {
    /// The distribution's name and version, from the dist-info folder's name (`bcrypt`, `4.0.1`).
    public let name: String
    /// The version.
    public let version: String
    /// The wheel tags of `WHEEL` (`cp36-abi3-manylinux2014_x86_64`…), in order.
    public let tags: [String]
    /// The paths the wheel installed (from `RECORD`), relative to the target folder.
    public let files: [String]

    /// Creates a wheel description.
    public init(name: String, version: String, tags: [String], files: [String]) {
        self.name = name
        self.version = version
        self.tags = tags
        self.files = files
    }

    /// Reads a dist-info folder's name and its `WHEEL` and `RECORD` texts (pure); nil for a name of another form.
    public init?(distInfoFolder: String, wheel: String, record: String) {
        guard distInfoFolder.hasSuffix(".dist-info") else { return nil }
        let stem = distInfoFolder.dropLast(".dist-info".count)
        guard let dash = stem.lastIndex(of: "-") else { return nil }
        name = String(stem[..<dash])
        version = String(stem[stem.index(after: dash)...])
        tags = wheel.split(whereSeparator: \.isNewline).compactMap { line in
            line.hasPrefix("Tag: ") ? String(line.dropFirst("Tag: ".count)).trimmingSpaces() : nil
        }
        files = record.split(whereSeparator: \.isNewline).compactMap { line in
            Self.firstCSVField(Substring(line)).flatMap { $0.isEmpty ? nil : $0 }
        }
    }

    /// The wheel's file name as pip fetched it, e.g. `bcrypt-4.0.1-cp36-abi3-manylinux2014_x86_64.whl`
    /// (the last tag of `WHEEL`; several tags are compressed into one by `.` in real file names).
    public var fileName: String {
        "\(name)-\(version)-\(tags.last ?? "unknown").whl"
    }

    /// `name version (file name)`.
    public var description: String { "\(name) \(version) (\(fileName))" }

    /// The first field of a RECORD line, which is CSV: quoted when it holds a comma or a quote.
    static func firstCSVField(_ line: Substring) -> String? {
        if line.first == "\"" {
            var field = ""
            var index = line.index(after: line.startIndex)
            while index < line.endIndex {
                let character = line[index]
                index = line.index(after: index)
                if character == "\"" {
                    if index < line.endIndex, line[index] == "\"" {
                        field.append("\"")
                        index = line.index(after: index)
                    } else {
                        return field
                    }
                } else {
                    field.append(character)
                }
            }
            return nil
        }
        return String(line.split(separator: ",", maxSplits: 1, omittingEmptySubsequences: false).first ?? "")
    }
}

extension String {
    /// The text without surrounding spaces and carriage returns.
    fileprivate func trimmingSpaces() -> String {
        var text = Substring(self)
        while let first = text.first, first == " " || first == "\r" { text = text.dropFirst() }
        while let last = text.last, last == " " || last == "\r" { text = text.dropLast() }
        return String(text)
    }
}
