import NIOCore
import NIOPosix
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// SYNTHETIC broken miners for failure tests and demos: each accepts on its own loopback port and then misbehaves in
/// one of the ways real miners and proxies do. Nothing here is recorded data.
public enum Misbehavior: String, Sendable, CaseIterable {
    /// Accepts, reads the request, never answers.
    case hang
    /// Answers a valid reply one byte per second.
    case drip
    /// Answers binary garbage, a NUL, and closes.
    case garbage
    /// Answers the first half of a valid reply and closes.
    case halfReply = "half-reply"
    /// Answers without end.
    case endless
    /// Resets the connection (TCP RST) as soon as the request arrives.
    case reset
    /// Answers a complete reply without the NUL and keeps the connection open.
    case noNUL = "no-nul"
}

/// A listening misbehaving miner.
public final class MisbehavingMinerServer: Sendable {
    public let behavior: Misbehavior
    public let port: Int
    private let channel: any Channel
    private let tally: ConnectionTally

    /// Connections accepted since start.
    public var connections: Int { tally.count }

    /// The valid reply the misbehaving miners start from (SYNTHETIC, shaped like a cgminer `summary`).
    static let validReply = Array(
        #"{"STATUS":[{"STATUS":"S","When":0,"Code":11,"Msg":"Summary","Description":"SYNTHETIC misbehaving miner"}],"SUMMARY":[{"Elapsed":1,"MHS av":1.0}],"id":1}"#
            .utf8)

    private init(behavior: Misbehavior, port: Int, channel: any Channel, tally: ConnectionTally) {
        self.behavior = behavior
        self.port = port
        self.channel = channel
        self.tally = tally
    }

    public static func start(
        _ behavior: Misbehavior, host: String = "127.0.0.1", port: Int = 0,
        group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    ) async throws -> MisbehavingMinerServer {
        let tally = ConnectionTally()
        let channel = try await ServerBootstrap(group: group)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                tally.add()
                return channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(MisbehavingMinerHandler(behavior: behavior))
                }
            }
            .bind(host: host, port: port).get()
        return MisbehavingMinerServer(
            behavior: behavior, port: channel.localAddress?.port ?? port, channel: channel, tally: tally)
    }

    public func close() async {
        try? await channel.close()
    }
}

final class MisbehavingMinerHandler: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let behavior: Misbehavior
    private var started = false

    init(behavior: Misbehavior) {
        self.behavior = behavior
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !started else { return }
        started = true
        let channel = context.channel
        let reply = MisbehavingMinerServer.validReply
        switch behavior {
        case .hang:
            break
        case .drip:
            drip(reply[...], channel: channel)
        case .garbage:
            var generator = SystemRandomNumberGenerator()
            let bytes = (0..<512).map { _ in UInt8.random(in: 0...255, using: &generator) } + [0]
            writeThenClose(bytes, channel: channel)
        case .halfReply:
            writeThenClose(Array(reply.prefix(reply.count / 2)), channel: channel)
        case .endless:
            endless(channel: channel, chunk: Array(repeating: UInt8(ascii: "7"), count: 64 * 1024))
        case .reset:
            // SO_LINGER with a zero timeout makes close() send RST instead of FIN.
            guard let provider = channel as? any SocketOptionProvider else {
                channel.close(promise: nil)
                return
            }
            provider.setSoLinger(linger(l_onoff: 1, l_linger: 0)).whenComplete { _ in channel.close(promise: nil) }
        case .noNUL:
            channel.writeAndFlush(ByteBuffer(bytes: reply), promise: nil)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }

    private func writeThenClose(_ bytes: [UInt8], channel: any Channel) {
        channel.writeAndFlush(ByteBuffer(bytes: bytes)).whenComplete { _ in channel.close(promise: nil) }
    }

    private func drip(_ rest: ArraySlice<UInt8>, channel: any Channel) {
        guard let first = rest.first, channel.isActive else { return }
        channel.writeAndFlush(ByteBuffer(bytes: [first]), promise: nil)
        let remaining = rest.dropFirst()
        channel.eventLoop.scheduleTask(in: .seconds(1)) { [self] in drip(remaining, channel: channel) }
    }

    private func endless(channel: any Channel, chunk: [UInt8]) {
        guard channel.isActive else { return }
        channel.writeAndFlush(ByteBuffer(bytes: chunk)).whenSuccess { [self] in
            endless(channel: channel, chunk: chunk)
        }
    }
}

/// Connections a misbehaving miner has accepted.
final class ConnectionTally: Sendable {
    private let state = Mutex(0)

    func add() { state.withLock { $0 += 1 } }

    var count: Int { state.withLock { $0 } }
}
