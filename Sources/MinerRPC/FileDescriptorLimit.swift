#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The process's open-file limit (`RLIMIT_NOFILE`): each miner request holds one socket while it runs.
public enum FileDescriptorLimit {
    public struct Limits: Sendable, Equatable {
        public var soft: Int
        public var hard: Int
    }

    /// The current soft and hard limits, or nil if they cannot be read.
    public static var current: Limits? {
        var limit = rlimit()
        guard getrlimit(resource, &limit) == 0 else { return nil }
        return Limits(soft: clamp(limit.rlim_cur), hard: clamp(limit.rlim_max))
    }

    /// Raises the soft limit to the hard limit (capped at 1,048,576 where the hard limit is unlimited, and at
    /// `OPEN_MAX` on Darwin). Returns the limits in force afterwards. The CLI calls this at start.
    @discardableResult
    public static func raiseToHardLimit() -> Limits? {
        var limit = rlimit()
        guard getrlimit(resource, &limit) == 0 else { return nil }
        var target = limit.rlim_max
        if target == infinity { target = 1 << 20 }
        #if canImport(Darwin)
            target = min(target, rlim_t(OPEN_MAX))
        #endif
        if limit.rlim_cur < target {
            var raised = limit
            raised.rlim_cur = target
            _ = setrlimit(resource, &raised)
        }
        return current
    }

    /// Descriptors kept free for everything else the process opens (logs, the NVML library, listeners).
    public static let reserved = 64

    /// How many reads may run at once when each can hold `socketsPerRead` sockets: `requested`, lowered so that all
    /// of them together stay below the soft limit (a read that hits the limit would fail as if the miner were at
    /// fault). At least 1; `requested` when the limit cannot be read.
    public static func readsInFlight(upTo requested: Int, socketsPerRead: Int, limits: Limits? = current) -> Int {
        guard let limits else { return max(1, requested) }
        let fit = (limits.soft - reserved) / max(1, socketsPerRead)
        return max(1, min(requested, fit))
    }

    private static func clamp(_ value: rlim_t) -> Int {
        value == infinity || value > rlim_t(Int.max) ? Int.max : Int(value)
    }

    #if canImport(Glibc)
        private static let resource = __rlimit_resource_t(RLIMIT_NOFILE.rawValue)
        /// glibc's `RLIM_INFINITY` (`~0UL`), which Swift does not import.
        private static let infinity = rlim_t.max
    #else
        private static let resource = RLIMIT_NOFILE
        private static let infinity = RLIM_INFINITY
    #endif
}
