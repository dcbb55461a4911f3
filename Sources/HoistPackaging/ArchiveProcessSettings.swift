#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Process-wide settings for reproducible and fast archiving, applied once.
enum ArchiveProcessSettings {
    /// Sets TZ=UTC (libzip converts mtimes with the local time zone) and raises glibc's heap trim and mmap
    /// thresholds (glibc otherwise trims and regrows the heap for every entry compressed: 0.77 s → 0.55 s on 42 MB).
    static func apply() {
        _ = applied
    }

    private static let applied: Bool = {
        setenv("TZ", "UTC", 1)
        tzset()
        #if canImport(Glibc)
            // mallopt is declared in <malloc.h>, which the Glibc module does not export: look it up instead.
            typealias MalloptFunction = @convention(c) (Int32, Int32) -> Int32
            let mallocTrimThreshold: Int32 = -1  // M_TRIM_THRESHOLD
            let mallocMmapThreshold: Int32 = -3  // M_MMAP_THRESHOLD
            if let handle = dlopen(nil, RTLD_NOW), let symbol = dlsym(handle, "mallopt") {
                let mallopt = unsafeBitCast(symbol, to: MalloptFunction.self)
                _ = mallopt(mallocTrimThreshold, 512 << 20)
                // Buffers up to 32 MB come from the heap and are reused, instead of fresh zeroed mmap pages.
                _ = mallopt(mallocMmapThreshold, 32 << 20)
            }
        #endif
        return true
    }()
}
