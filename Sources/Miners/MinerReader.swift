import FleetCore
import MinerRPC
import Synchronization

/// Reads one miner and returns its normalized `Reading`: one joined read of the base commands, firmware
/// detection, the family's extra reads, normalization. Never throws: failures become the reading's status.
public struct MinerReader: Sendable {
    public let client: CGMinerClient
    /// The agent's host name, written into every reading.
    public let host: String
    /// Commands read on every poll before detection.
    public let baseCommands: [String]
    /// Where failures are logged, once per miner and then at intervals.
    public let failureLog: MinerFailureLog
    private let cache = FamilyCache()

    public init(
        client: CGMinerClient, host: String, baseCommands: [String] = ["version", "summary", "stats", "pools"],
        failureLog: MinerFailureLog = MinerFailureLog()
    ) {
        self.client = client
        self.host = host
        self.baseCommands = baseCommands
        self.failureLog = failureLog
    }

    /// The most sockets one `read` can hold at once: every base and family command on its own connection, as when
    /// the firmware rejects joined requests. Sweeps size their width by it (`FileDescriptorLimit.readsInFlight`).
    public var socketsPerRead: Int {
        baseCommands.count + (MinerFamilies.all.map { $0.extraCommands.count }.max() ?? 0)
    }

    /// The family last detected at `address` (nil before its first recognised reply): the one whose controls the
    /// control step uses.
    public func family(at address: MinerAddress) async -> (any MinerFamily.Type)? {
        await cache.family(for: address)
    }

    /// Reads the miner at `address`. Status `unreachable` when it could not be reached (with the error text),
    /// `error` when it answered but not usably, `sleeping` when it says so, else `ok`.
    ///
    /// The whole read, every round and fallback included, ends within the client's `timeout`; what the deadline left
    /// unread is named in the reading's `error` and the rest is kept. A miner that refuses joined requests is
    /// remembered and asked one command per connection from then on.
    public func read(_ address: MinerAddress, ticket: ReadAdmission.Ticket? = nil) async -> Reading {
        var reading = Reading(
            time: .now(), host: host,
            device: .asic(endpoint: MinerAddress(host: address.host, port: address.port).original),
            kind: .asic, address: address.original)
        let deadline = ReadDeadline(client.timeout, ticket: ticket)
        let joins = await !cache.refusesJoins(address)
        let refusedJoin = Mutex(false)
        let (replies, family) = await poll(address) { commands in
            let (results, refused) = await client.read(commands, from: address, by: deadline, joining: joins)
            if refused, joins {
                refusedJoin.withLock { $0 = true }
                await cache.rememberJoinRefusal(address)
            }
            return MinerReplies(results)
        }
        let endpoint = reading.device
        MinerFamilies.normalize(replies, into: &reading, family: family)
        reading.device = await cache.identity(reading.device, endpoint: endpoint, for: address)
        // The replies are decoded and normalized: their bytes go back to the budget.
        client.replyBudget.release(deadline.takeHeld())
        if reading.status == .unreachable, refusedJoin.withLock({ $0 }) {
            // It answered (refusing the join), then the per-command requests ran out of the read's time.
            reading.status = .error
            reading.error = "the miner refused the joined request, then: " + (reading.error ?? "no command answered")
        }
        reading.noteUnread(replies)
        failureLog.record(reading, at: address)
        return reading
    }

    /// What one poll asks, in order, through `ask` (the client; a recorded miner in tests), and the family to
    /// normalize the replies with (nil when none is known or nothing was answered).
    func poll(
        _ address: MinerAddress, ask: ([String]) async -> MinerReplies
    ) async
        -> (MinerReplies, (any MinerFamily.Type)?)
    {
        // A miner whose family is known gets that family's extra commands in the same joined request: one
        // connection per poll instead of two (the miner's API is single-threaded; fewer connections also spare it).
        let known = await cache.familyToJoin(for: address)
        let first = baseCommands + (known?.extraCommands.filter { !baseCommands.contains($0) } ?? [])
        var replies = await ask(first)
        // Nothing the firmware said (unreachable, hung, garbage, cut off): asking more would cost another deadline
        // and could tell nothing new.
        if replies.isUnreachable || !replies.anyAnswered {
            // The next poll starts afresh with the base commands: should the wider join itself be what this miner
            // cannot take (a firmware that hangs on a command it lacks), the cached family must not keep it failing.
            if known != nil { await cache.stopJoining(address) }
            return (replies, nil)
        }
        var family = MinerFamilies.detect(replies)
        if family == nil, replies["devdetails"] == nil {
            replies = replies.merging(await ask(["devdetails"]))
            family = MinerFamilies.detect(replies)
        }
        if let detected = family {
            await cache.remember(detected, for: address)
        } else {
            family = await cache.family(for: address)
        }
        if let family {
            let extra = family.extraCommands.filter { replies[$0] == nil }
            if !extra.isEmpty {
                replies = replies.merging(await ask(extra))
            }
        }
        return (replies, family)
    }
}
