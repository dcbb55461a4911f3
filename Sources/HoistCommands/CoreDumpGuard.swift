import CProcessHardening
import Foundation

/// Keeps a secret held in memory out of core files: no core dumps, and on Linux not dumpable at all.
///
/// Why: `hoist secrets set` holds the value in memory; a crash (or `kill -QUIT`) would otherwise write it to a
/// core file, and a dumpable process can be read by other processes of the same user through ptrace. Once set,
/// this lasts until the process exits, which `set` does right after storing the value.
enum CoreDumpGuard {
    /// Sets RLIMIT_CORE to 0 (soft and hard) and, on Linux, PR_SET_DUMPABLE 0.
    /// - Throws: ``CommandError`` `CoreDumpsNotDisabled` when the system refuses, before any value is read.
    static func disable() throws {
        guard hoist_disable_core_dumps() == 0 else {
            let reason = String(cString: strerror(errno))
            throw CommandError(
                code: "CoreDumpsNotDisabled",
                message: "cannot disable core dumps (\(reason)); no value was read, so nothing can end up in one")
        }
    }

}
