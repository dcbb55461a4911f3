import Jobs

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

// The scheduled job of the multi-function example (examples/movies-project): counts the movies.
// Synchronous main, as Backend's: the loop runs detached and the main thread sleeps until exit.
let environment = ProcessInfo.processInfo.environment
Task.detached {
    do {
        try await JobRuntime.run(environment: environment) { store in
            let job = NightlyReport(store: store)
            return { event, _ in try await job.handle(event) }
        }
        exit(0)
    } catch {
        print("runtime stopped: \(error)")
        exit(1)
    }
}
while true { pause() }
