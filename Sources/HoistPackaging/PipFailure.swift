/// Why a `pip install` failed, read from its standard error: the package it could not install and pip's errors.
public struct PipFailure: Sendable, Equatable, CustomStringConvertible {
    /// The requirement pip named as failing (`nonexistent-pkg`, `pyjwt==99`, `a and b` for a conflict), if any.
    public let package: String?
    /// pip's own `ERROR:` lines (without the prefix), in order; the last lines of its output when it printed none.
    public let errors: [String]
    /// A hint about the likely cause, when one is recognisable (no network, no wheel for the platform…).
    public let hint: String?

    /// Creates a failure description.
    public init(package: String?, errors: [String], hint: String?) {
        self.package = package
        self.errors = errors
        self.hint = hint
    }

    /// Reads pip's standard error (pure).
    public static func parse(standardError: String) -> PipFailure {
        let lines = standardError.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
        var errors: [String] = []
        var package: String?
        for line in lines {
            let trimmed = line.drop { $0 == " " }
            guard trimmed.hasPrefix("ERROR: ") else { continue }
            let error = String(trimmed.dropFirst("ERROR: ".count))
            errors.append(error)
            if package == nil { package = packageNamed(in: error) }
        }
        if errors.isEmpty { errors = Array(lines.suffix(5)) }
        let text = standardError
        var hint: String?
        if text.contains("NewConnectionError") || text.contains("Max retries exceeded")
            || text.contains("Temporary failure in name resolution")
        {
            hint = "pip could not reach the package index: check the network, or use PIP_FIND_LINKS and PIP_NO_INDEX"
        } else if text.contains("(from versions: none)") {
            hint =
                "no wheel of it fits the function's platform (manylinux2014, CPython of the runtime's version), "
                + "or the name is wrong: check it, or pin a version that publishes such a wheel"
        } else if text.contains("No matching distribution found") {
            hint = "no listed version matches the requirement with a wheel for the function's platform: pick one"
        } else if text.contains("conflicting dependencies") || text.contains("ResolutionImpossible") {
            hint = "loosen the pins so that pip can find one version of each package"
        }
        return PipFailure(package: package, errors: errors, hint: hint)
    }

    /// The package an `ERROR:` line of pip names, if it has one of the known forms.
    static func packageNamed(in error: String) -> String? {
        let forms: [(String, String?)] = [
            ("No matching distribution found for ", nil),
            ("Could not find a version that satisfies the requirement ", " (from versions"),
            ("Invalid requirement: ", nil),
            ("Cannot install ", " because"),
            ("Could not open requirements file: ", nil),
            ("Failed to build ", nil),
        ]
        for (prefix, suffix) in forms {
            guard let start = error.range(of: prefix)?.upperBound else { continue }
            var rest = Substring(error[start...])
            if let suffix, let end = rest.range(of: suffix)?.lowerBound { rest = rest[..<end] }
            let name = rest.trimmingQuotes()
            if !name.isEmpty { return name }
        }
        return nil
    }

    /// One line per error, with the failing package first when known.
    public var description: String {
        var lines = [package.map { "pip could not install \($0)" } ?? "pip install failed"]
        lines += errors.map { "  pip: \($0)" }
        if let hint { lines.append("hint: \(hint)") }
        return lines.joined(separator: "\n")
    }
}

extension Substring {
    /// The text without surrounding spaces, quotes and a trailing period.
    fileprivate func trimmingQuotes() -> String {
        var text = self
        let strip: Set<Character> = [" ", "'", "\"", "."]
        while let first = text.first, strip.contains(first) { text = text.dropFirst() }
        while let last = text.last, strip.contains(last) { text = text.dropLast() }
        return String(text)
    }
}
