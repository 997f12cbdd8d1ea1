import Dispatch

/// A dispatch queue of its own for C calls that can block (NVML, libpci, SQLite): the work runs there, never on
/// Swift's cooperative pool, whose few threads (one per core) every deadline and every other device's read need. A
/// GPU that hangs inside the driver then stalls this lane only, not the poll cycle.
public final class BlockingLane: Sendable {
    /// The queue the work runs on (serial: the C libraries behind a lane are not called concurrently).
    public let queue: DispatchQueue

    public init(label: String) {
        queue = DispatchQueue(label: "fleet-agent.\(label)")
    }

    /// NVML's lane: every NVML call of the agent goes through it.
    public static let nvml = BlockingLane(label: "nvml")
    /// libpci and libusb enumeration.
    public static let bus = BlockingLane(label: "bus")

    /// Runs `work` on the lane and returns its result; the calling task is suspended (not blocked) meanwhile.
    public func run<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            queue.async { continuation.resume(returning: work()) }
        }
    }
}
