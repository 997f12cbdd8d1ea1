import Synchronization

/// What a `StrictJSONParser` keeps from one reply for the next: long key strings (`KeyTable`) and object templates
/// (`ObjectShapes`). A parse takes a cache from the pool for its whole run (no other parse sees it meanwhile) and puts
/// it back; the pool keeps a few, so concurrent parses each have one and memory stays bounded.
final class ParseCache: @unchecked Sendable {
    var keys = KeyTable()
    var shapes = ObjectShapes()

    /// The idle caches: about one per thread that parses at the same time, at most `capacity`.
    private static let pool = Mutex<[ParseCache]>([])
    private static let capacity = 8

    /// A cache for one parse, to be handed back with `giveBack()`.
    static func take() -> ParseCache {
        pool.withLock { $0.popLast() } ?? ParseCache()
    }

    func giveBack() {
        Self.pool.withLock { idle in
            if idle.count < Self.capacity { idle.append(self) }
        }
    }
}
