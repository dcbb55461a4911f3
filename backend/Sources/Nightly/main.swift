import Jobs

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

// The scheduled job of the multi-function example (examples/movies-project): counts the movies.
JobRuntime.main(environment: ProcessInfo.processInfo.environment) { store in
    let job = NightlyReport(store: store)
    return { event, _ in try await job.handle(event) }
}
