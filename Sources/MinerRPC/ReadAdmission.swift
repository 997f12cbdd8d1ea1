import Synchronization

/// How many miner reads a sweep keeps busy at once. A read holds its place until it ends, or until its miner has
/// been quiet (connected or connecting, nothing received) for `quietAfter`: a hung or unreachable miner only waits
/// out its deadline, which costs a socket and nothing else, so it hands its place to the next read. Miners that
/// answer are thus read `width` at a time (bounded memory and CPU), while thousands of dead ones wait side by side.
public final class ReadAdmission: Sendable {
    /// Reads in progress at once among miners that answer.
    public let width: Int
    /// How long a miner may stay silent before its read gives up its place.
    public let quietAfter: Duration
    private let places: SocketPermits

    public init(width: Int = 512, quietAfter: Duration = .milliseconds(100)) {
        self.width = max(1, width)
        self.quietAfter = quietAfter
        places = SocketPermits(count: self.width)
    }

    /// Waits for a place and returns the ticket that gives it back (once).
    public func admit() async -> Ticket {
        await places.acquire()
        return Ticket(places: places)
    }

    /// One read's place; released when the read ends or its miner goes quiet, whichever comes first.
    public final class Ticket: Sendable {
        private let places: SocketPermits
        private let held = Mutex(true)

        init(places: SocketPermits) { self.places = places }

        /// Gives the place back; later calls do nothing.
        public func release() {
            if held.withLock({ held in
                defer { held = false }
                return held
            }) {
                places.release()
            }
        }
    }
}
