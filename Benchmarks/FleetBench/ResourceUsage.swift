#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A snapshot of this process's CPU time and peak resident set size (`getrusage(RUSAGE_SELF)`).
struct ResourceUsage {
    var userSeconds: Double
    var systemSeconds: Double
    /// Peak resident set size in bytes (`ru_maxrss`, kilobytes on Linux, bytes on macOS).
    var peakRSSBytes: Int

    static func now() -> ResourceUsage {
        var usage = rusage()
        #if canImport(Glibc)
            _ = getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        #else
            _ = getrusage(RUSAGE_SELF, &usage)
        #endif
        #if canImport(Darwin)
            let rss = Int(usage.ru_maxrss)
        #else
            let rss = Int(usage.ru_maxrss) * 1024
        #endif
        return ResourceUsage(
            userSeconds: seconds(usage.ru_utime),
            systemSeconds: seconds(usage.ru_stime),
            peakRSSBytes: rss
        )
    }

    private static func seconds(_ t: timeval) -> Double {
        Double(t.tv_sec) + Double(t.tv_usec) / 1_000_000
    }
}
