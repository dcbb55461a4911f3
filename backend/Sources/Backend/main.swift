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
do {
    try await BackendFactory.runLambda(environment: ProcessInfo.processInfo.environment)
} catch {
    JSONLogger().error("runtime stopped", ["error": "\(error)"])
    exit(1)
}
