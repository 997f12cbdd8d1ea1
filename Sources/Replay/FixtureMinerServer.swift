import Logging
import MinerRPC
import NIOCore
import NIOPosix
import Synchronization

/// Serves fixture miners over real TCP the way cgminer does: one request per connection, the recorded reply, one NUL,
/// then close. Each miner listens on its own address.
public final class FixtureMinerServer: Sendable {
    /// Where each miner listens, with the fixture folder it replays.
    public let endpoints: [Endpoint]
    private let channels: [any Channel]
    private let tally: RequestTally

    public struct Endpoint: Sendable {
        public let address: MinerAddress
        public let fixture: String
        /// The power setting the miner's controls put it in; its replies are scaled by it.
        public let power: FixturePowerState
    }

    /// How the miners are laid out on this host.
    public enum Layout: Sendable {
        /// Every miner on one host, at `firstPort`, `firstPort + 1`, ...; port 0 lets the kernel choose each port.
        case consecutivePorts(host: String = "127.0.0.1", firstPort: Int = 0)
        /// Every miner at the same port on its own loopback address, 127.1.0.1, 127.1.0.2, ... (Linux routes all of
        /// 127.0.0.0/8 to the loopback interface), so tools that only speak to port 4028 can be pointed at them.
        case loopbackHosts(port: Int = 4028)
    }

    private init(endpoints: [Endpoint], channels: [any Channel], tally: RequestTally) {
        self.endpoints = endpoints
        self.channels = channels
        self.tally = tally
    }

    /// How many requests each command (as sent: `summary+stats+pools` is one) has been answered, over all miners
    /// since start; a request that was not valid JSON counts under "". One request is one connection.
    public var requestCounts: [String: Int] { tally.counts }

    /// Binds every miner and returns once all of them listen. On any bind failure the ones bound are closed again.
    public static func start(
        miners: [FixtureMiner], layout: Layout = .consecutivePorts(), replyDelay: Duration = .zero,
        group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        logger: Logger = Logger(label: "fleet-agent.replay")
    ) async throws -> FixtureMinerServer {
        var endpoints: [Endpoint] = []
        var channels: [any Channel] = []
        let tally = RequestTally()
        endpoints.reserveCapacity(miners.count)
        channels.reserveCapacity(miners.count)
        do {
            for (index, miner) in miners.enumerated() {
                let (host, port) = try address(for: index, layout: layout)
                let power = FixturePowerState()
                let emulation = FixtureEmulations.make(miner.controls, miner: miner)
                let channel = try await ServerBootstrap(group: group)
                    .serverChannelOption(.backlog, value: 256)
                    .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
                    .childChannelOption(.allowRemoteHalfClosure, value: true)
                    .childChannelInitializer { channel in
                        channel.eventLoop.makeCompletedFuture {
                            try channel.pipeline.syncOperations.addHandler(
                                FixtureMinerHandler(
                                    miner: miner, tally: tally, delay: replyDelay, logger: logger, power: power,
                                    emulation: emulation))
                        }
                    }
                    .bind(host: host, port: port).get()
                channels.append(channel)
                let bound = channel.localAddress?.port ?? port
                endpoints.append(
                    Endpoint(address: MinerAddress(host: host, port: bound), fixture: miner.name, power: power))
            }
        } catch {
            for channel in channels { try? await channel.close() }
            throw error
        }
        return FixtureMinerServer(endpoints: endpoints, channels: channels, tally: tally)
    }

    /// Stops listening.
    public func close() async {
        for channel in channels { try? await channel.close() }
    }

    static func address(for index: Int, layout: Layout) throws -> (String, Int) {
        switch layout {
        case .consecutivePorts(let host, let firstPort):
            guard firstPort == 0 || firstPort + index <= 65535 else {
                throw FixtureError(path: "", reason: "port \(firstPort + index) is past 65535")
            }
            return (host, firstPort == 0 ? 0 : firstPort + index)
        case .loopbackHosts(let port):
            // 127.1.0.1 upwards, skipping .0 and .255 in the last octet.
            let perBlock = 254
            let block = index / perBlock
            let second = 1 + block / 256
            let third = block % 256
            guard second <= 255 else { throw FixtureError(path: "", reason: "too many loopback addresses") }
            return ("127.\(second).\(third).\(index % perBlock + 1)", port)
        }
    }
}

/// Answers one request on one connection, as cgminer's `api.c` does.
final class FixtureMinerHandler: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    /// cgminer reads at most this much of a request.
    static let maxRequestBytes = 4095

    private let miner: FixtureMiner
    private let tally: RequestTally
    private let logger: Logger
    /// How long each reply waits before it is sent (a slow miner's API; SYNTHETIC timing on recorded bytes).
    private let delay: Duration
    /// The endpoint's power state and the family emulation that reads and changes it.
    private let power: FixturePowerState
    private let emulation: any FixtureEmulation
    private var request: [UInt8] = []
    private var answered = false

    init(
        miner: FixtureMiner, tally: RequestTally, delay: Duration = .zero, logger: Logger,
        power: FixturePowerState = FixturePowerState(), emulation: (any FixtureEmulation)? = nil
    ) {
        self.miner = miner
        self.power = power
        self.emulation = emulation ?? FixtureEmulations.make(miner.controls, miner: miner)
        self.tally = tally
        self.delay = delay
        self.logger = logger
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !answered else { return }
        var buffer = unwrapInboundIn(data)
        request += buffer.readBytes(length: buffer.readableBytes) ?? []
        if let parsed = FixtureRequest(bytes: request) {
            answer(parsed, context: context)
        } else if request.count >= Self.maxRequestBytes {
            answer(.invalid, context: context)
        }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if case ChannelEvent.inputClosed = event, !answered {
            // The client half-closed: answer what arrived, as cgminer answers its single recv.
            answer(FixtureRequest(bytes: request, final: true) ?? .invalid, context: context)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }

    private func answer(_ request: FixtureRequest, context: ChannelHandlerContext) {
        answered = true
        tally.count(request.invalidJSON ? "" : request.command)
        let body =
            request.invalidJSON
            ? miner.errorReply(code: 23, message: "Invalid JSON", now: 0)
            : FixtureEmulations.reply(to: request, miner: miner, power: power, emulation: emulation)
        // The recorded bytes, then the NUL, straight into the buffer (no copy of the reply to append to).
        var out = context.channel.allocator.buffer(capacity: body.count + 1)
        out.writeBytes(body)
        out.writeInteger(UInt8(0))
        let channel = context.channel
        guard delay > .zero else {
            context.writeAndFlush(wrapOutboundOut(out)).whenComplete { _ in channel.close(promise: nil) }
            return
        }
        let reply = out
        context.eventLoop.scheduleTask(in: TimeAmount(delay)) {
            channel.writeAndFlush(reply).whenComplete { _ in channel.close(promise: nil) }
        }
    }
}

/// Requests answered per command; bounded by the number of distinct commands, so a long-running `fixtures serve`
/// does not grow.
final class RequestTally: Sendable {
    private let state = Mutex<[String: Int]>([:])

    func count(_ command: String) { state.withLock { $0[command, default: 0] += 1 } }

    var counts: [String: Int] { state.withLock { $0 } }
}
