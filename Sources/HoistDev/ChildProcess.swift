import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Starts and reaps child processes with posix_spawn.
public enum ChildProcess {
    /// Spawns a process; its signal mask is emptied and every signal handler reset to the default, so a child
    /// started from a thread that blocks or ignores signals (a test thread, hoist's own SIGINT handling) still
    /// stops on SIGTERM. It gets its own process group, so a terminal's Ctrl-C reaches hoist, which stops it.
    ///
    /// With `output` (a descriptor), the child's standard output and standard error both go to it, in the order
    /// written (as Lambda's log has them), its standard input is /dev/null, and (on glibc) it inherits no other
    /// descriptor, so nothing it leaves running holds one of hoist's (a caller's pipe, say); without, it inherits
    /// hoist's.
    public static func spawn(
        _ spec: LaunchSpec, extraEnvironment: [String: String] = [:], output: Int32? = nil
    ) throws(DevServerError) -> Int32 {
        #if canImport(Glibc)
            var attributes = posix_spawnattr_t()
            var actions = posix_spawn_file_actions_t()
        #else
            var attributes: posix_spawnattr_t?
            var actions: posix_spawn_file_actions_t?
        #endif
        posix_spawnattr_init(&attributes)
        posix_spawn_file_actions_init(&actions)
        defer {
            posix_spawnattr_destroy(&attributes)
            posix_spawn_file_actions_destroy(&actions)
        }
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigmask(&attributes, &empty)
        var all = sigset_t()
        sigfillset(&all)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setpgroup(&attributes, 0)
        let flags = Int32(POSIX_SPAWN_SETSIGMASK) | Int32(POSIX_SPAWN_SETSIGDEF) | Int32(POSIX_SPAWN_SETPGROUP)
        posix_spawnattr_setflags(&attributes, Int16(flags))
        if let output {
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
            posix_spawn_file_actions_adddup2(&actions, output, 1)
            posix_spawn_file_actions_adddup2(&actions, output, 2)
            #if canImport(Glibc)
                closeFrom(3, &actions)
            #endif
        }
        let environment = spec.environment.merging(extraEnvironment) { _, new in new }
        guard let resolved = resolve(spec.executable, path: environment["PATH"]) else {
            throw DevServerError(.spawn, "cannot find \(spec.executable) in the PATH")
        }
        var executable = resolved
        var arguments = [spec.executable] + spec.arguments
        if let directory = spec.workingDirectory {
            // posix_spawn_file_actions_addchdir_np is not visible from Swift here: change folder in a shell.
            executable = "/bin/sh"
            arguments = ["/bin/sh", "-c", #"cd "$0" && exec "$@""#, directory, resolved] + spec.arguments
        }
        let argv = arguments.map { strdup($0) } + [nil]
        let envp = environment.sorted { $0.key < $1.key }.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for pointer in argv { free(pointer) }
            for pointer in envp { free(pointer) }
        }
        var processId: pid_t = 0
        let status = posix_spawn(&processId, executable, &actions, &attributes, argv, envp)
        guard status == 0 else {
            throw DevServerError(
                .spawn, "cannot start \(spec.executable)",
                underlying: SystemCallFailure(call: "posix_spawn", errno: status))
        }
        return processId
    }

    #if canImport(Glibc)
        /// Adds glibc's `posix_spawn_file_actions_addclosefrom_np` (2.34 and later) to `actions`: looked up at run
        /// time, as Swift's Glibc module does not declare it; nothing where it is absent.
        static func closeFrom(_ lowest: Int32, _ actions: inout posix_spawn_file_actions_t) {
            typealias AddCloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
            guard let program = dlopen(nil, RTLD_NOW),
                let symbol = dlsym(program, "posix_spawn_file_actions_addclosefrom_np")
            else { return }
            defer { dlclose(program) }
            _ = unsafeBitCast(symbol, to: AddCloseFrom.self)(&actions, lowest)
        }
    #endif

    /// A path as it is, or a name looked up in the child's PATH (posix_spawnp would search hoist's).
    static func resolve(_ name: String, path: String?) -> String? {
        if name.contains("/") { return name }
        let folders = (path ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":").map(String.init)
        return folders.map { "\($0)/\(name)" }.first { access($0, X_OK) == 0 }
    }

    /// Waits for a process to exit; how it ended, as text (`exit status 1`, `signal 9`).
    public static func wait(_ processId: Int32) -> String {
        var status: Int32 = 0
        while waitpid(processId, &status, 0) < 0 {
            if errno != EINTR { return "not waitable (errno \(errno))" }
        }
        return describe(status)
    }

    /// `exit status N` or `signal N` for a wait status.
    public static func describe(_ status: Int32) -> String {
        let signal = status & 0x7f
        if signal == 0 { return "exit status \((status >> 8) & 0xff)" }
        return "signal \(signal)"
    }
}
