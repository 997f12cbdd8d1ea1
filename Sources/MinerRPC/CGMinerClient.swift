import CGMinerJSON
import Logging
import NIOCore
import NIOPosix

/// cgminer RPC client (TCP 4028) on SwiftNIO.
///
/// One connection per request; the reply is read until its NUL or EOF. Each request has one deadline covering connect,
/// write and read (`timeout`), and a size cap (`maxReplyBytes`), so a hung or babbling miner costs at most that.
/// Requests use the JSON form `{"command":"x","parameter":"y"}`. Failures are logged to `fleet-agent.rpc` with the
/// address, command name and reason (never parameters, which may hold credentials).
public struct CGMinerClient: Sendable {
    /// Deadline of one request: connect + write + read.
    public var timeout: Duration
    /// Largest reply accepted; a longer one is cut and reported as `replyTooLarge`.
    public var maxReplyBytes: Int
    public let group: any EventLoopGroup
    public var logger: Logger
    /// The memory every request of this client (and its copies) may hold in replies at once.
    public let replyBudget: ReplyByteBudget
    /// The sockets requests may hold at once (the process's, by default), taken before connecting.
    public let sockets: SocketPermits

    public init(
        timeout: Duration = .seconds(3), maxReplyBytes: Int = 4 << 20,
        replyBudget: ReplyByteBudget = ReplyByteBudget(), sockets: SocketPermits = .process,
        group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        logger: Logger = Logger(label: "fleet-agent.rpc")
    ) {
        self.timeout = timeout
        self.maxReplyBytes = maxReplyBytes
        self.replyBudget = replyBudget
        self.sockets = sockets
        self.group = group
        self.logger = logger
    }

    /// Sends one command and decodes its reply. Throws a `CGMinerError`; an `E`/`F` STATUS is thrown as
    /// `.firmwareStatus` with its Code and Msg.
    public func send(
        _ command: String, parameter: String? = nil, to address: MinerAddress
    ) async throws(CGMinerError)
        -> CGMinerReply
    {
        try await reply(command, parameter: parameter, from: address)
    }

    /// Reads several report commands (no parameters) from one miner. Tries them joined (`summary+stats+pools`, one
    /// connection) and, when the firmware rejects the join, asks each on its own connection, concurrently. Whatsminer's
    /// `get_*` and `status` commands, which cannot be joined, are always asked on their own.
    public func read(_ commands: [String], from address: MinerAddress) async -> CGMinerResults {
        let deadline = ReadDeadline(timeout)
        defer { replyBudget.release(deadline.takeHeld()) }
        return await read(commands, from: address, by: deadline).results
    }

    /// `read(_:from:)` within `deadline`, the whole read's: every connection, fallback included, ends by it, and a
    /// command the deadline left no time to ask fails with `readDeadlineSpent`. With `joining` false every command
    /// is asked on its own connection at once (for a miner known to refuse joins). `joinRefused` says whether the
    /// firmware refused the join this time, for the caller to remember.
    public func read(
        _ commands: [String], from address: MinerAddress, by deadline: ReadDeadline, joining: Bool = true
    ) async -> (results: CGMinerResults, joinRefused: Bool) {
        var seen = Set<String>()
        let unique = commands.filter { seen.insert($0).inserted }
        let joinable = joining ? unique.filter(Self.isJoinable) : []
        guard joinable.count >= 2 else { return (await separately(unique, from: address, by: deadline), false) }
        let alone = unique.filter { !Self.isJoinable($0) }
        // In this task when there is nothing else to ask: a child task's decoded replies would wait for this task to
        // be scheduled again (behind every other read of a sweep) before anyone could use or free them.
        if alone.isEmpty { return await joined(joinable, from: address, by: deadline) }
        async let joined = self.joined(joinable, from: address, by: deadline)
        var results = await separately(alone, from: address, by: deadline)
        let (joinedResults, refused) = await joined
        results.merge(joinedResults) { first, _ in first }
        return (results, refused)
    }

    /// Whether cgminer may take `command` inside a joined request.
    static func isJoinable(_ command: String) -> Bool {
        !command.isEmpty && !command.hasPrefix("get_") && command != "status" && !command.contains("+")
            && !command.contains("|")
    }

    /// Sends raw request bytes and returns the raw reply without its NUL: the wire layer alone (for recorders and
    /// diagnostics). Throws the transport errors of `CGMinerError` and `.emptyReply`.
    public func exchange(_ request: [UInt8], with address: MinerAddress) async throws(CGMinerError) -> [UInt8] {
        let deadline = ReadDeadline(timeout)
        defer { replyBudget.release(deadline.takeHeld()) }
        return Array(try await exchangeBuffer(request, with: address, by: deadline).readableBytesView)
    }

    /// `exchange`, with the reply in the buffer it was collected in (no copy), ending by `readDeadline`.
    func exchangeBuffer(
        _ request: [UInt8], with address: MinerAddress, by readDeadline: ReadDeadline
    )
        async throws(CGMinerError) -> ByteBuffer
    {
        await sockets.acquire()
        defer { sockets.release() }
        // Charged to the miner from here: connect, request, reply.
        guard let deadline = readDeadline.begin() else { throw .readDeadlineSpent(deadline: readDeadline.timeout) }
        defer { readDeadline.end() }
        let wait = deadline - .now()
        let loop = group.next()
        let promise = loop.makePromise(of: ByteBuffer.self)
        let (limit, timeout, budget) = (maxReplyBytes, readDeadline.timeout, replyBudget)
        let bootstrap = ClientBootstrap(group: loop)
            .connectTimeout(wait)
            .channelOption(.autoRead, value: false)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let collector = ReplyCollector(
                        request: request, promise: promise, limit: limit, deadline: deadline, timeout: timeout,
                        budget: budget, readDeadline: readDeadline)
                    try channel.pipeline.syncOperations.addHandler(collector)
                }
            }
        let connected: EventLoopFuture<any Channel>
        if let ip = try? SocketAddress(ipAddress: address.host, port: address.port) {
            connected = bootstrap.connect(to: ip)
        } else {
            connected = bootstrap.connect(host: address.host, port: address.port)
        }
        let host = address.host
        connected.whenFailure { promise.fail(ConnectFailure.classify($0, host: host, timeout: timeout)) }
        do {
            return try await withTaskCancellationHandler {
                try await promise.futureResult.get()
            } onCancel: {
                promise.fail(CGMinerError.cancelled)
            }
        } catch let error as CGMinerError {
            throw error
        } catch {
            throw .socketError(reason: "\(error)", afterBytes: 0)
        }
    }

    /// The JSON request for a command: `{"command":"x"}` or `{"command":"x","parameter":"y"}`.
    public static func request(_ command: String, parameter: String? = nil) -> [UInt8] {
        var text = #"{"command":"# + JSONText.quoted(command)
        if let parameter { text += #","parameter":"# + JSONText.quoted(parameter) }
        return Array((text + "}").utf8)
    }

    func reply(
        _ command: String, parameter: String?, from address: MinerAddress, by deadline: ReadDeadline? = nil
    ) async throws(CGMinerError) -> CGMinerReply {
        // A command sent on its own gives its reply's bytes back once decoded; a read's are the read's to give back.
        let own = deadline == nil ? ReadDeadline(timeout) : nil
        defer { if let own { replyBudget.release(own.takeHeld()) } }
        do {
            let bytes = try await exchangeBuffer(
                Self.request(command, parameter: parameter), with: address, by: deadline ?? own!)
            let reply = try CGMinerDecoder.reply(command: command, buffer: bytes)
            if !reply.repairs.isEmpty { logRepairs(reply.repairs, command: command, address: address) }
            return reply
        } catch {
            log(error, command: command, address: address, polled: deadline != nil)
            throw error
        }
    }

    private func result(
        _ command: String, from address: MinerAddress, by deadline: ReadDeadline
    ) async
        -> Result<CGMinerReply, CGMinerError>
    {
        do {
            return .success(try await reply(command, parameter: nil, from: address, by: deadline))
        } catch {
            return .failure(error)
        }
    }

    /// One connection per command, all at once (a single command in this task).
    private func separately(
        _ commands: [String], from address: MinerAddress, by deadline: ReadDeadline
    ) async
        -> CGMinerResults
    {
        if commands.count <= 1 {
            guard let command = commands.first else { return [:] }
            return [command: await result(command, from: address, by: deadline)]
        }
        return await withTaskGroup(of: (String, Result<CGMinerReply, CGMinerError>).self) { group in
            for command in commands {
                group.addTask { (command, await result(command, from: address, by: deadline)) }
            }
            var results: CGMinerResults = [:]
            for await (command, result) in group { results[command] = result }
            return results
        }
    }

    private func joined(
        _ commands: [String], from address: MinerAddress, by deadline: ReadDeadline
    ) async
        -> (results: CGMinerResults, joinRefused: Bool)
    {
        let name = commands.joined(separator: "+")
        let joined: CGMinerDecoder.Joined
        do {
            // Decoded at once: the reply bytes are freed before anything else is awaited.
            joined = CGMinerDecoder.joined(
                commands: commands,
                buffer: try await exchangeBuffer(Self.request(name), with: address, by: deadline))
        } catch {
            guard Self.retriesSeparately(after: error) else {
                log(error, command: name, address: address, polled: true)
                return (Dictionary(uniqueKeysWithValues: commands.map { ($0, .failure(error)) }), false)
            }
            logFallback(error, command: name, address: address)
            return await separatelyAfterUnusableJoin(commands, error: error, from: address, by: deadline)
        }
        if joined.rejected {
            let reason =
                commands.lazy.compactMap { joined.results[$0]?.failure }.first ?? .missingSection(command: name)
            logFallback(reason, command: name, address: address)
            return await separatelyAfterUnusableJoin(commands, error: reason, from: address, by: deadline)
        }
        for (command, result) in joined.results {
            switch result {
            case .failure(let error): log(error, command: command, address: address, polled: true)
            case .success(let reply) where !reply.repairs.isEmpty:
                logRepairs(reply.repairs, command: command, address: address)
            case .success: break
            }
        }
        return (joined.results, false)
    }

    /// After a joined request that failed at once: when the firmware refused the join (an error STATUS, or JSON
    /// without the sections), every command on its own connection. When the reply was unusable instead (garbage,
    /// cut off, reset), one command alone first and the rest only when that one was answered usably, so that a miner
    /// that answers everything with garbage costs two connections, not one per command. `joinRefused` is true when
    /// the firmware is known to refuse joins: it said so, or answered a single command where the join failed.
    private func separatelyAfterUnusableJoin(
        _ commands: [String], error: CGMinerError, from address: MinerAddress, by deadline: ReadDeadline
    ) async -> (results: CGMinerResults, joinRefused: Bool) {
        switch error {
        case .firmwareStatus, .missingSection:
            return (await separately(commands, from: address, by: deadline), true)
        default:
            break
        }
        guard let first = commands.first else { return ([:], false) }
        let probe = await result(first, from: address, by: deadline)
        guard case .success = probe else {
            var results = CGMinerResults(uniqueKeysWithValues: commands.map { ($0, .failure(error)) })
            results[first] = probe
            return (results, false)
        }
        var results = await separately(Array(commands.dropFirst()), from: address, by: deadline)
        results[first] = probe
        return (results, true)
    }

    /// After a failed joined request, whether asking each command on its own can still help: yes when the miner
    /// answered (badly, or by closing/resetting at once), no when it is unreachable or hung, which would only cost
    /// another deadline per command.
    static func retriesSeparately(after error: CGMinerError) -> Bool {
        switch error {
        case .emptyReply, .blankReply, .connectionReset, .socketError, .truncatedReply, .malformedJSON,
            .firmwareStatus, .missingSection:
            return true
        case .dnsFailure, .connectionRefused, .connectTimeout, .connectFailed, .noReplyWithinDeadline,
            .replyTooLarge, .cancelled, .readDeadlineSpent:
            return false
        }
    }

    /// Logs a failed command: a warning for a command sent on its own (`send`), debug within a poll's read, whose
    /// outcome the reader logs once per miner (`MinerFailureLog`) instead of once per command and poll.
    private func log(_ error: CGMinerError, command: String, address: MinerAddress, polled: Bool = false) {
        let metadata: Logger.Metadata = ["miner": "\(address)", "command": "\(command)"]
        if polled {
            logger.debug("failed: \(error)", metadata: metadata)
        } else if error.isUnreachable || error == .cancelled {
            logger.debug("miner unreachable: \(error)", metadata: metadata)
        } else if error.firmwareCode == 14 {
            // cgminer's 'Invalid command': routine while detecting which commands a firmware has.
            logger.debug("command not supported: \(error)", metadata: metadata)
        } else {
            logger.warning("bad reply: \(error)", metadata: metadata)
        }
    }

    private func logFallback(_ error: CGMinerError, command: String, address: MinerAddress) {
        logger.debug(
            "joined request rejected (\(error)); asking one command per connection",
            metadata: ["miner": "\(address)", "command": "\(command)"])
    }

    private func logRepairs(_ repairs: CGMinerJSON.Repairs, command: String, address: MinerAddress) {
        logger.debug(
            "reply repaired: \(repairs)", metadata: ["miner": "\(address)", "command": "\(command)"])
    }
}

extension Result {
    fileprivate var failure: Failure? {
        if case .failure(let error) = self { return error }
        return nil
    }
}
