import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Runs a program to completion with `posix_spawnp` in the current folder, its standard output and error captured in files.
///
/// The child starts with an empty signal mask and default signal handlers (`POSIX_SPAWN_SETSIGMASK`,
/// `POSIX_SPAWN_SETSIGDEF`): a child spawned from a thread that blocks SIGTERM (test runners do) would otherwise
/// inherit the block and ignore a polite stop.
public struct Subprocess: Sendable {
    /// What a finished run left behind.
    public struct Result: Sendable, Equatable {
        /// The exit status, or 128 + the signal number when a signal ended it.
        public let status: Int32
        /// Everything written to standard output.
        public let standardOutput: String
        /// Everything written to standard error.
        public let standardError: String
    }

    /// The program, looked up in `PATH` when it has no `/`.
    public let executable: String
    /// The arguments after the program name.
    public let arguments: [String]
    /// The child's environment; nil inherits this process's.
    public let environment: [String: String]?
    /// Describes a run.
    public init(executable: String, arguments: [String], environment: [String: String]? = nil) {
        self.executable = executable
        self.arguments = arguments
        self.environment = environment
    }

    /// Spawns the program, waits for it and returns its status and output.
    ///
    /// - Parameter scratchDirectory: where the two capture files are kept while it runs (removed afterwards).
    /// - Throws: `PackagingError.Code.io` when the program cannot be started.
    public func run(scratchDirectory: String) throws(PackagingError) -> Result {
        try FileIO.makeDirectories(scratchDirectory)
        let token = UUID().uuidString
        let outPath = "\(scratchDirectory)/stdout-\(token)"
        let errPath = "\(scratchDirectory)/stderr-\(token)"
        defer {
            unlink(outPath)
            unlink(errPath)
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, errPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigmask(&attributes, &empty)
        var all = sigset_t()
        sigfillset(&all)
        sigdelset(&all, SIGKILL)
        sigdelset(&all, SIGSTOP)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        let argv = ([executable] + arguments).map { strdup($0) }
        defer { argv.forEach { free($0) } }
        let variables = environment.map { $0.sorted { $0.key < $1.key }.map { strdup("\($0.key)=\($0.value)") } }
        defer { variables?.forEach { free($0) } }
        var pid: pid_t = 0
        let spawned: Int32 = (argv + [nil]).withUnsafeBufferPointer { argvBuffer in
            let argvPointer = UnsafeMutablePointer(mutating: argvBuffer.baseAddress!)
            if let variables {
                return (variables + [nil]).withUnsafeBufferPointer { envBuffer in
                    posix_spawnp(
                        &pid, executable, &actions, &attributes, argvPointer,
                        UnsafeMutablePointer(mutating: envBuffer.baseAddress!))
                }
            }
            return posix_spawnp(&pid, executable, &actions, &attributes, argvPointer, environ)
        }
        guard spawned == 0 else {
            throw PackagingError(
                .io, "cannot start \(executable)", underlying: SystemCallError(call: "posix_spawnp", errno: spawned))
        }
        var waitStatus: Int32 = 0
        while waitpid(pid, &waitStatus, 0) < 0 {
            guard errno == EINTR else {
                throw PackagingError(
                    .io, "cannot wait for \(executable)", underlying: SystemCallError(call: "waitpid", errno: errno))
            }
        }
        let signal = waitStatus & 0x7f
        let status = signal == 0 ? (waitStatus >> 8) & 0xff : 128 + signal
        let output = (try? FileIO.readAll(outPath)) ?? []
        let errors = (try? FileIO.readAll(errPath)) ?? []
        return Result(
            status: status, standardOutput: String(decoding: output, as: UTF8.self),
            standardError: String(decoding: errors, as: UTF8.self))
    }
}
