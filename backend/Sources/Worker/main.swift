import Jobs

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

// The queue worker of the multi-function example (examples/movies-project): imports movies from SQS.
JobRuntime.main(environment: ProcessInfo.processInfo.environment) { store in
    let job = MovieImportWorker(store: store)
    return { event, _ in try await job.handle(event) }
}
