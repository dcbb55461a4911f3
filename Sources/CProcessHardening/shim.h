#ifndef HOIST_CPROCESSHARDENING_SHIM_H
#define HOIST_CPROCESSHARDENING_SHIM_H
// prctl is variadic, which Swift cannot call: these wrappers can.
#include <sys/resource.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

/// Sets the core size limit (soft and hard) to 0 and, on Linux, marks the process not dumpable (no core file,
/// no ptrace attach by other processes of the user). Returns 0, or -1 with errno set when a call failed.
static inline int hoist_disable_core_dumps(void) {
    struct rlimit none = {0, 0};
    int result = setrlimit(RLIMIT_CORE, &none);
#ifdef __linux__
    if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) != 0) result = -1;
#endif
    return result;
}

#endif
