import MoviesAPI

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

// The Lambda bootstrap: everything but the process exit lives in MoviesAPI.BackendFactory.
//
// Synchronous on purpose: with a top-level `await`, the main thread ends in dispatch_main(), which calls
// pthread_exit(); its forced unwind makes libgcc find and sort every FDE of the static binary first, about
// 5 ms of CPU on each cold start (bench/backend, perf). Here the runtime loop runs as a detached task on the
// global executor and the main thread only sleeps until the process exits.
let environment = ProcessInfo.processInfo.environment
Task.detached {
    do {
        try await BackendFactory.runLambda(environment: environment)
        exit(0)
    } catch {
        JSONLogger().error("runtime stopped", ["error": "\(error)"])
        exit(1)
    }
}
// Signals reach this thread only: the executor's threads block them, and a parent may hand over a mask.
var unblocked = sigset_t()
sigemptyset(&unblocked)
pthread_sigmask(SIG_SETMASK, &unblocked, nil)
while true { pause() }
