#if canImport(Glibc)
    import Glibc
#endif

/// The process's own CPU time and the machine's load, to tell a slow ledger from a busy machine.
enum ProcessCPU {
    /// User plus system CPU seconds this process has used so far.
    static func seconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        let user = Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
        let system = Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
        return user + system
    }

    /// The one-minute load average.
    static func loadAverage() -> Double {
        var loads = [0.0, 0.0, 0.0]
        return getloadavg(&loads, 3) > 0 ? loads[0] : -1
    }
}
