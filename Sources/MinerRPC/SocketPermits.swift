import Synchronization

/// The sockets this process may have open to miners at once, shared by every request: a request takes a permit
/// before it connects and gives it back when its connection is done, waiting (in order) when none is free. Sized
/// from the open-file limit, so a sweep can start every read at once (a hung miner holds one socket, not a slot of
/// a fixed-width wave) and still never fails a miner for want of a descriptor.
public final class SocketPermits: Sendable {
    /// Permits for this process: the open-file soft limit less `FileDescriptorLimit.reserved`, read when first used
    /// (after the CLI has raised the limit).
    public static let process = SocketPermits(
        count: FileDescriptorLimit.current.map { $0.soft - FileDescriptorLimit.reserved } ?? 1024)

    /// How many sockets may be open at once.
    public let count: Int

    private struct State {
        var free: Int
        var waiters: [CheckedContinuation<Void, Never>] = []
        var firstWaiter = 0
    }

    private let state: Mutex<State>

    public init(count: Int) {
        self.count = max(1, min(count, 1 << 20))
        state = Mutex(State(free: self.count))
    }

    /// Permits free now.
    public var free: Int { state.withLock { $0.free } }

    /// Takes a permit, waiting for one when none is free.
    public func acquire() async {
        let taken = state.withLock { s -> Bool in
            guard s.free > 0, s.firstWaiter == s.waiters.count else { return false }
            s.free -= 1
            return true
        }
        if taken { return }
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let now = state.withLock { s -> Bool in
                if s.free > 0, s.firstWaiter == s.waiters.count {
                    s.free -= 1
                    return true
                }
                s.waiters.append(continuation)
                return false
            }
            if now { continuation.resume() }
        }
    }

    /// Gives a permit back, to the longest waiter if there is one.
    public func release() {
        let next = state.withLock { s -> CheckedContinuation<Void, Never>? in
            guard s.firstWaiter < s.waiters.count else {
                s.free += 1
                return nil
            }
            let waiter = s.waiters[s.firstWaiter]
            s.firstWaiter += 1
            if s.firstWaiter == s.waiters.count {
                s.waiters.removeAll(keepingCapacity: true)
                s.firstWaiter = 0
            }
            return waiter
        }
        next?.resume()
    }
}
