/// The Lambda runtime a function runs on.
public enum Runtime: Sendable, Hashable, CustomStringConvertible {
    /// `provided.al2023`: a custom runtime (`bootstrap`) on Amazon Linux 2023, the default.
    case providedAL2023
    /// `provided.al2`: a custom runtime (`bootstrap`) on Amazon Linux 2.
    case providedAL2
    /// `python3.<minor>`, for minor versions 9 to 13.
    case python(minor: Int)

    /// The Python minor versions hoist accepts (`python3.9` … `python3.13`).
    public static let pythonMinors: ClosedRange<Int> = 9...13

    /// Parses Lambda's identifier (`provided.al2023`, `provided.al2`, `python3.12`); nil for anything else.
    public init?(identifier: String) {
        switch identifier {
        case "provided.al2023": self = .providedAL2023
        case "provided.al2": self = .providedAL2
        default:
            guard identifier.hasPrefix("python3."),
                let minor = Int(identifier.dropFirst("python3.".count)),
                String(minor) == identifier.dropFirst("python3.".count),
                Runtime.pythonMinors.contains(minor)
            else { return nil }
            self = .python(minor: minor)
        }
    }

    /// Lambda's identifier for the runtime, e.g. `provided.al2023`.
    public var identifier: String {
        switch self {
        case .providedAL2023: "provided.al2023"
        case .providedAL2: "provided.al2"
        case .python(let minor): "python3.\(minor)"
        }
    }

    /// Whether this is a custom runtime whose handler is a `bootstrap` executable built from Swift.
    public var isProvided: Bool {
        switch self {
        case .providedAL2023, .providedAL2: true
        case .python: false
        }
    }

    /// The identifier.
    public var description: String { identifier }
}

/// The instruction set the function runs on.
public enum Architecture: String, Sendable, Hashable, CaseIterable {
    /// Intel/AMD 64-bit, the default.
    case x86_64
    /// AWS Graviton (ARM 64-bit).
    case arm64
}

extension Architecture {
    /// What to say about an architecture Lambda does not name so (pure): the other names of the two it has
    /// (`aarch64`, `amd64`) get a did-you-mean.
    static func hint(for text: String) -> String {
        switch text.lowercased() {
        case "aarch64", "arm", "graviton": return "did you mean 'arm64'? Lambda names it so"
        case "amd64", "x64", "x86-64", "x86", "intel": return "did you mean 'x86_64'? Lambda names it so"
        default: return "use x86_64 or arm64"
        }
    }
}
