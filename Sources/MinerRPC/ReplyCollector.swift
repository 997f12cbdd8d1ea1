import NIOCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The channel handler of one cgminer request: writes the request once connected, collects the reply until the NUL
/// or EOF, and enforces the size cap and the deadline. It completes `promise` exactly once; completion closes the
/// channel (also when the caller fails the promise first, e.g. on cancellation).
final class ReplyCollector: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let request: [UInt8]
    private let promise: EventLoopPromise<[UInt8]>
    private let limit: Int
    private let deadline: NIODeadline
    private let timeout: Duration
    private var received: [UInt8] = []
    private var done = false
    /// Until the channel is active, failures belong to the connect (the caller maps those).
    private var active = false
    private var timer: Scheduled<Void>?

    init(request: [UInt8], promise: EventLoopPromise<[UInt8]>, limit: Int, deadline: NIODeadline, timeout: Duration) {
        self.request = request
        self.promise = promise
        self.limit = limit
        self.deadline = deadline
        self.timeout = timeout
    }

    func handlerAdded(context: ChannelHandlerContext) {
        let channel = context.channel
        promise.futureResult.whenComplete { _ in channel.close(promise: nil) }
    }

    func channelActive(context: ChannelHandlerContext) {
        active = true
        timer = context.eventLoop.assumeIsolated().scheduleTask(deadline: deadline) { [self] in
            finish(.failure(.noReplyWithinDeadline(deadline: timeout, receivedBytes: received.count)))
        }
        var buffer = context.channel.allocator.buffer(capacity: request.count)
        buffer.writeBytes(request)
        context.writeAndFlush(wrapOutboundOut(buffer), promise: nil)
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !done else { return }
        let view = unwrapInboundIn(data).readableBytesView
        let nul = view.firstIndex(of: 0)
        let part = view[..<(nul ?? view.endIndex)]
        if received.count + part.count > limit {
            finish(.failure(.replyTooLarge(limit: limit)))
            return
        }
        received.append(contentsOf: part)
        // cgminer ends every reply with one NUL; some firmware then keeps the socket open.
        if nul != nil { finish(received.isEmpty ? .failure(.emptyReply) : .success(received)) }
    }

    func channelInactive(context: ChannelHandlerContext) {
        if active { finish(received.isEmpty ? .failure(.emptyReply) : .success(received)) }
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if active { finish(.failure(Self.classify(error, afterBytes: received.count))) }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        if active { finish(.failure(.socketError(reason: "channel closed", afterBytes: received.count))) }
    }

    private func finish(_ result: Result<[UInt8], CGMinerError>) {
        guard !done else { return }
        done = true
        timer?.cancel()
        timer = nil
        promise.completeWith(result.mapError { $0 as any Error })
    }

    static func classify(_ error: any Error, afterBytes count: Int) -> CGMinerError {
        if let io = error as? IOError {
            switch io.errnoCode {
            case ECONNRESET, EPIPE: return .connectionReset(afterBytes: count)
            default: return .socketError(reason: io.description, afterBytes: count)
            }
        }
        return .socketError(reason: "\(error)", afterBytes: count)
    }
}
