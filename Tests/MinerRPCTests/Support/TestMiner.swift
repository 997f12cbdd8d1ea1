import Foundation
import NIOCore
import NIOPosix

@testable import MinerRPC

/// What a SYNTHETIC test miner does with each connection, after reading the request.
enum TestMinerBehavior: Sendable {
    /// Sends these bytes (plus a NUL when `nul`), then closes or keeps the socket open.
    case reply([UInt8], nul: Bool = true, close: Bool = true)
    /// Never answers.
    case hang
    /// Sends these bytes one per `interval`, then the NUL.
    case drip([UInt8], interval: TimeAmount)
    /// Sends 64 KiB chunks of `[` without end.
    case endless
    /// Resets the connection (SO_LINGER 0, then close: TCP RST).
    case reset
    /// Answers per command: joined requests (`a+b`) get cgminer's Code 14 `Invalid command`; single commands the bytes
    /// of `replies[command]` plus NUL (or Code 14 when unknown).
    case rejectJoins(replies: [String: [UInt8]])
}

/// A miner on 127.0.0.1 (ephemeral port) for client tests; it records every request it receives.
final class TestMiner: Sendable {
    let address: MinerAddress
    private let channel: any Channel
    private let log: RequestLog

    private init(address: MinerAddress, channel: any Channel, log: RequestLog) {
        self.address = address
        self.channel = channel
        self.log = log
    }

    static func start(_ behavior: TestMinerBehavior) async throws -> TestMiner {
        let log = RequestLog()
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.backlog, value: 256)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(TestMinerHandler(behavior: behavior, log: log))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        guard let port = channel.localAddress?.port else { throw ChannelError.unknownLocalAddress }
        return TestMiner(address: MinerAddress(host: "127.0.0.1", port: port), channel: channel, log: log)
    }

    /// The requests received so far, as text.
    var requests: [String] { log.all }

    func stop() async {
        try? await channel.close()
    }

    /// SYNTHETIC cgminer error reply.
    static func errorReply(code: Int, message: String) -> [UInt8] {
        let status = #""STATUS":"E","When":1700000000,"Code":\#(code),"Msg":"\#(message)""#
        return Array(#"{"STATUS":[{\#(status),"Description":"SYNTHETIC test miner"}],"id":1}"#.utf8)
    }
}

final class RequestLog: Sendable {
    private let lock = NSLock()
    nonisolated(unsafe) private var requests: [String] = []

    func append(_ request: String) {
        lock.withLock { requests.append(request) }
    }

    var all: [String] { lock.withLock { requests } }
}

private final class TestMinerHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let behavior: TestMinerBehavior
    private let log: RequestLog
    private var answered = false
    private var open = true

    init(behavior: TestMinerBehavior, log: RequestLog) {
        self.behavior = behavior
        self.log = log
    }

    func channelInactive(context: ChannelHandlerContext) {
        open = false
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        open = false
        context.close(promise: nil)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !answered else { return }
        answered = true
        let request = String(buffer: unwrapInboundIn(data))
        log.append(request)
        switch behavior {
        case .reply(let bytes, let nul, let close):
            write(context, bytes + (nul ? [0] : []), thenClose: close)
        case .hang:
            break
        case .drip(let bytes, let interval):
            drip(context, bytes + [0], from: 0, interval: interval)
        case .endless:
            endless(context)
        case .reset:
            let channel = context.channel
            guard let socket = channel as? any SocketOptionProvider else { preconditionFailure("not a socket") }
            socket.setSoLinger(linger(l_onoff: 1, l_linger: 0)).whenComplete { _ in channel.close(promise: nil) }
        case .rejectJoins(let replies):
            let command = Self.command(in: request)
            let invalid = TestMiner.errorReply(code: 14, message: "Invalid command")
            let reply = command.contains("+") ? invalid : replies[command] ?? invalid
            write(context, reply + [0], thenClose: true)
        }
    }

    private func write(_ context: ChannelHandlerContext, _ bytes: [UInt8], thenClose close: Bool) {
        let written = context.writeAndFlush(wrapOutboundOut(context.channel.allocator.buffer(bytes: bytes)))
        if close {
            let channel = context.channel
            written.whenComplete { _ in channel.close(promise: nil) }
        }
    }

    private func drip(_ context: ChannelHandlerContext, _ bytes: [UInt8], from index: Int, interval: TimeAmount) {
        guard open, index < bytes.count else { return }
        context.writeAndFlush(wrapOutboundOut(context.channel.allocator.buffer(bytes: [bytes[index]])), promise: nil)
        context.eventLoop.assumeIsolated().scheduleTask(in: interval) {
            self.drip(context, bytes, from: index + 1, interval: interval)
        }
    }

    private func endless(_ context: ChannelHandlerContext) {
        guard open else { return }
        let chunk = context.channel.allocator.buffer(repeating: UInt8(ascii: "["), count: 64 * 1024)
        context.writeAndFlush(wrapOutboundOut(chunk)).assumeIsolated().whenComplete { result in
            if case .success = result { self.endless(context) }
        }
    }

    /// The `command` of a JSON request (SYNTHETIC servers only need this much).
    static func command(in request: String) -> String {
        guard let data = request.data(using: .utf8),
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        else { return "" }
        return object["command"] as? String ?? ""
    }
}
