import ServiceLifecycle
import Synchronization

/// A graceful stop asked of a running agent by whoever owns the process's signals, when that is not the agent's own
/// service group (the demo, which has a temporary folder to remove before it ends by the signal). The cycle in
/// progress finishes, the ledger is closed and the API stops, as on SIGTERM to `fleet-agent run`.
public final class AgentStop: Sendable {
    private let state = Mutex<(requested: Bool, group: ServiceGroup?)>((false, nil))

    public init() {}

    /// Asks the agent to stop; remembered if it has not started yet. Safe from any thread.
    public func request() {
        let group = state.withLock { state in
            state.requested = true
            return state.group
        }
        if let group { Task { await group.triggerGracefulShutdown() } }
    }

    /// Whether a stop has been asked.
    public var isRequested: Bool { state.withLock { $0.requested } }

    /// The group that `request` shuts down; shut down at once if a stop was asked already.
    func attach(_ group: ServiceGroup) async {
        let requested = state.withLock { state in
            state.group = group
            return state.requested
        }
        if requested { await group.triggerGracefulShutdown() }
    }
}
