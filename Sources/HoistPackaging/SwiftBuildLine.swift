/// One line of `swift build`'s output, classified for the console.
///
/// Why: the first static build runs for minutes and prints hundreds of `[n/m]` steps and, when linking
/// statically, glibc's notices that some functions need glibc's shared libraries at run time. The steps become one
/// status line, the notices a count; everything else (compiler warnings with their notes and excerpts, errors,
/// linker failures) is shown in full.
public enum SwiftBuildLine: Equatable, Sendable {
    /// A step (`[412/998] Compiling CNIOBoringSSL x509.c`) or a phase (`Building for production...`).
    case progress(SwiftBuildStep)
    /// glibc's `Using 'getaddrinfo' in statically linked applications requires at runtime the shared libraries
    /// from the glibc version used for linking`, for the named function. Harmless for Lambda: the runtime's glibc
    /// is checked by the compatibility gate, and these functions (name service, dlopen) still work.
    case staticLinkNotice(function: String)
    /// Anything else, shown unchanged.
    case other(String)

    /// The fixed text of glibc's static-linking link warning.
    static let staticLinkText =
        " in statically linked applications requires at runtime the shared libraries from the glibc version used for linking"

    /// Classifies one line (without its newline).
    public static func classify(_ line: String) -> SwiftBuildLine {
        if let step = SwiftBuildStep(line: line) { return .progress(step) }
        if let function = staticLinkFunction(line) { return .staticLinkNotice(function: function) }
        return .other(line)
    }

    /// `getaddrinfo` from `…: warning: Using 'getaddrinfo' in statically linked applications requires …`.
    static func staticLinkFunction(_ line: String) -> String? {
        guard line.hasSuffix(staticLinkText), let using = line.range(of: "warning: Using '", options: .backwards)
        else { return nil }
        let rest = line[using.upperBound...]
        guard let quote = rest.firstIndex(of: "'") else { return nil }
        let function = rest[..<quote]
        return function.isEmpty || function.contains(" ") ? nil : String(function)
    }
}
