import FleetCore
import Ledger
import Logging
import ServiceLifecycle

/// Delivers the ledger's readings upstream, in seq order, at least once: a batch after the uplink cursor is posted,
/// and only once the receiver has acknowledged it does the cursor (persisted in the ledger) move past it. A batch
/// that fails is sent again, the same batch, after a backoff that honours `Retry-After`; nothing is dropped, and a
/// restart resumes from the persisted cursor. It runs beside the poll loop, never in it: an upstream that is down
/// or hangs delays delivery, never a cycle.
public struct ReadingsUplink: Service {
    /// The name of this uplink's cursor in the ledger.
    public static let sink = "readings"

    private let ledger: Ledger
    private let host: String
    private let poster: any BatchPoster
    private let idleWait: Duration
    private let batchLimit: Int
    private let backoff: DeliveryBackoff
    private let logger: Logger
    /// Told the readings stored but not yet acknowledged, after each look at the ledger.
    private let onLag: @Sendable (Int64) -> Void

    /// - Parameters:
    ///   - idleWait: how long to wait, once everything stored is delivered, before looking again (the poll interval).
    ///   - batchLimit: the most readings in one batch (halved each time the receiver answers 413, and kept so).
    public init(
        ledger: Ledger, host: String, poster: any BatchPoster, idleWait: Duration, batchLimit: Int = 2000,
        backoff: DeliveryBackoff = DeliveryBackoff(), logger: Logger = Logger(label: "fleet-agent.uplink"),
        onLag: @escaping @Sendable (Int64) -> Void = { _ in }
    ) {
        precondition(batchLimit > 0, "a batch holds at least one reading")
        self.ledger = ledger
        self.host = host
        self.poster = poster
        self.idleWait = idleWait
        self.batchLimit = batchLimit
        self.backoff = backoff
        self.logger = logger
        self.onLag = onLag
    }

    public func run() async throws {
        var state = DeliveryState(limit: batchLimit, backoff: backoff)
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            let wait = await step(&state)
            if let wait, !(await pause(wait)) { break }
        }
    }

    /// What the loop carries from one step to the next.
    struct DeliveryState {
        var cursor: Int64?
        /// The batch being delivered: sent again as it is until the receiver acknowledges it.
        var pending: ReadingBatch?
        var limit: Int
        var backoff: DeliveryBackoff
        /// Whether the last attempt failed (so that a recovery is logged once).
        var failing = false
    }

    /// One look at the ledger or one attempt at the pending batch; the wait before the next step, if any.
    func step(_ state: inout DeliveryState) async -> Duration? {
        do {
            let cursor: Int64
            if let known = state.cursor {
                cursor = known
            } else {
                cursor = try await ledger.reader.uplinkCursor(sink: Self.sink)
                state.cursor = cursor
            }
            if state.pending == nil {
                let lines = try await ledger.reader.readingLines(after: cursor, limit: state.limit)
                onLag(try await ledger.reader.lastSeq() - cursor)
                guard !lines.isEmpty else { return idleWait }
                state.pending = ReadingBatch(host: host, lines: lines)
            }
            guard let batch = state.pending else { return idleWait }
            // A graceful shutdown cancels an attempt at a receiver that hangs: the batch is sent again next start.
            switch await cancelWhenGracefulShutdown({ await poster.post(batch) }) {
            case .delivered:
                state.cursor = try await ledger.advanceUplinkCursor(
                    sink: Self.sink, to: batch.seqs.upperBound, at: .now())
                state.pending = nil
                state.backoff.reset()
                if state.failing {
                    state.failing = false
                    logger.notice("uplink: delivering again, readings up to seq \(batch.seqs.upperBound) acknowledged")
                }
                onLag(try await ledger.reader.lastSeq() - batch.seqs.upperBound)
                return nil
            case .tooLarge where batch.lines.count > 1:
                state.limit = max(1, batch.lines.count / 2)
                state.pending = nil
                logger.warning(
                    "uplink: the receiver refuses \(batch.lines.count) readings as too large; sending \(state.limit)")
                return nil
            case .tooLarge:
                return retry(&state, reason: "the receiver refuses even a single reading as too large", retryAfter: nil)
            case .failed(let reason, let retryAfter):
                return retry(&state, reason: reason, retryAfter: retryAfter)
            }
        } catch {
            return retry(&state, reason: "ledger: \(error)", retryAfter: nil)
        }
    }

    private func retry(_ state: inout DeliveryState, reason: String, retryAfter: Duration?) -> Duration {
        let wait = state.backoff.next(retryAfter: retryAfter)
        let what = state.pending.map { "readings \($0.seqs.lowerBound)…\($0.seqs.upperBound)" } ?? "readings"
        // Every failure is worth a line while they are few; after that one line in ten keeps the journal readable.
        if state.backoff.failures <= 5 || state.backoff.failures % 10 == 0 {
            logger.warning(
                "uplink: \(what) not delivered (\(state.backoff.failures) in a row): \(reason); next try in \(Self.seconds(wait))"
            )
        }
        state.failing = true
        return wait
    }

    /// `1.5 s`.
    private static func seconds(_ duration: Duration) -> String {
        let (whole, atto) = duration.components
        return (Double(whole) + Double(atto) / 1e18).formatted(.number.precision(.fractionLength(0...2))) + " s"
    }

    /// Sleeps `wait`; false when the agent is shutting down.
    private func pause(_ wait: Duration) async -> Bool {
        do {
            try await cancelWhenGracefulShutdown { try await Task.sleep(for: wait) }
            return true
        } catch {
            return false
        }
    }
}
