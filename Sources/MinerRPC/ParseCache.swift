#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What a `StrictJSONParser` keeps from one reply for the next: long key strings (`KeyTable`) and object templates
/// (`ObjectShapes`). A parse takes a cache from the pool for its whole run (no other parse sees it meanwhile) and puts
/// it back; the pool keeps a few, so concurrent parses each have one and memory stays bounded.
final class ParseCache: @unchecked Sendable {
    var keys = KeyTable()
    var shapes = ObjectShapes()

    private static let pool = ParseCachePool()

    /// A cache for one parse, to be handed back with `giveBack()`.
    static func take() -> ParseCache {
        pool.take() ?? ParseCache()
    }

    func giveBack() {
        Self.pool.put(self)
    }
}

/// The idle caches, behind a mutex.
private final class ParseCachePool: @unchecked Sendable {
    /// Caches kept idle at most: about one per thread that parses at the same time.
    private static let capacity = 8
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private var idle: [ParseCache] = []

    init() {
        mutex.initialize(to: pthread_mutex_t())
        pthread_mutex_init(mutex, nil)
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    func take() -> ParseCache? {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return idle.popLast()
    }

    func put(_ cache: ParseCache) {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        if idle.count < Self.capacity { idle.append(cache) }
    }
}
