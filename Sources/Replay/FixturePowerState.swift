import Synchronization

/// The power setting one served fixture miner is in, changed by the controls it obeys (SYNTHETIC behaviour on
/// recorded bytes): its RPC server and its web server share it, and every reply it sends is scaled by it.
public final class FixturePowerState: Sendable {
    public struct Snapshot: Sendable, Equatable {
        /// Mining stopped by a control.
        public var asleep = false
        /// A continuous limit set by a control, watts; nil: as recorded.
        public var limitW: Double?
        /// A discrete setting chosen by a control (profile, work level, preset, mode); nil: as recorded.
        public var step: String?
        /// Writes that changed the setting, for tests (a device must not be flapped).
        public var writes = 0
        /// Settings a write must carry through (pools, web configuration), by key, as the miner holds them now.
        public var settings: [String: String] = [:]

        public init() {}
    }

    private let state: Mutex<Snapshot>

    public init(_ initial: Snapshot = Snapshot()) {
        state = Mutex(initial)
    }

    public var snapshot: Snapshot { state.withLock { $0 } }

    /// Changes the state under its lock and returns what `change` returns.
    @discardableResult
    public func update<T: Sendable>(_ change: (inout Snapshot) -> T) -> T {
        state.withLock { change(&$0) }
    }
}
