/// Process-wide console settings taken from the command line once, before any command runs.
///
/// Why global: `--verbose` is a global option, and the build runs deep inside plan, deploy and dev, whose
/// signatures should not each carry it. ``GlobalOptions`` sets it when it is parsed; `hoist build` from its flag.
enum ConsoleSettings {
    /// `--verbose`: show every line of swift build's output.
    nonisolated(unsafe) static var verbose = false
}
