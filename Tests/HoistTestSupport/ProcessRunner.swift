import Foundation

/// Runs a program to its end and collects its output, for tests that drive hoist, python3, zip or a shell.
///
/// Why: every test target had its own copy of this loop, and the copies read standard output to its end before
/// standard error, which hangs when a child fills the standard error pipe first; this one drains both at once.
public enum ProcessRunner {
    /// Runs `executable` with `arguments`; `environment` nil inherits the test's, `mergeStandardError` sends both
    /// streams into ``ProcessResult/stdout``, `input` is a file given as standard input.
    public static func run(
        _ executable: URL, _ arguments: [String], environment: [String: String]? = nil, directory: URL? = nil,
        input: URL? = nil, mergeStandardError: Bool = false
    ) throws -> ProcessResult {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let input { process.standardInput = try FileHandle(forReadingFrom: input) }
        if let directory { process.currentDirectoryURL = directory }
        if let environment { process.environment = environment }
        let out = Pipe()
        let err = mergeStandardError ? out : Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let errors = DrainedPipe(mergeStandardError ? nil : err)
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = errors.wait()
        process.waitUntilExit()
        return ProcessResult(
            status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
            stderr: String(decoding: stderr, as: UTF8.self))
    }

    /// Runs a program found on PATH (through /usr/bin/env), e.g. `["python3", "-c", script]`.
    public static func run(
        command: [String], environment: [String: String]? = nil, directory: URL? = nil, input: URL? = nil,
        mergeStandardError: Bool = false
    ) throws -> ProcessResult {
        try run(
            URL(fileURLWithPath: "/usr/bin/env"), command, environment: environment, directory: directory,
            input: input, mergeStandardError: mergeStandardError)
    }

    /// Runs a Python snippet: `python3 -c script arguments…`.
    public static func python(
        _ script: String, _ arguments: [String] = [], environment: [String: String]? = nil
    ) throws -> ProcessResult {
        try run(command: ["python3", "-c", script] + arguments, environment: environment)
    }

    /// Runs a shell command line with `/bin/sh -c`, both streams merged.
    public static func shell(
        _ script: String, in directory: URL? = nil, environment: [String: String]? = nil
    ) throws -> ProcessResult {
        try run(
            URL(fileURLWithPath: "/bin/sh"), ["-c", script], environment: environment, directory: directory,
            mergeStandardError: true)
    }
}
