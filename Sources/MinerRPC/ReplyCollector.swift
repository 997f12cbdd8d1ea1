import NIOCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The channel handler of one cgminer request: writes the request once connected, collects the reply until the NUL
/// or EOF, and enforces the size cap and the deadline. It completes `promise` exactly once; completion closes the
/// channel (also when the caller fails the promise first, e.g. on cancellation).
///
/// The reply is handed over as one `ByteBuffer`: the read buffer itself when the reply came in one read, else the
/// reads joined once into a buffer of the reply's exact size (no repeated growth).
///
/// The channel reads only when asked (`autoRead` off): after each batch of reads the bytes received are reserved in
/// the shared `ReplyByteBudget`, and the next read is issued only once they are granted. What was received stays
/// reserved after the request completes, held by the read's `ReadDeadline` until the read is done with the reply.
final class ReplyCollector: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let request: [UInt8]
    private let promise: EventLoopPromise<ByteBuffer>
    private let limit: Int
    /// When the reply must be complete.
    private let deadline: NIODeadline
    /// The whole read's deadline: its admission ticket, and the bytes held for it once the reply is complete.
    private let readDeadline: ReadDeadline
    private let timeout: Duration
    /// The reads so far, in order, each cut at the NUL.
    private var chunks: [ByteBuffer] = []
    private var receivedCount = 0
    /// Whether the reply's terminating NUL arrived (a reply of only a NUL is blank, not "nothing sent").
    private var sawNUL = false
    private var done = false
    /// Until the channel is active, failures belong to the connect (the caller maps those).
    private var active = false
    private var timer: Scheduled<Void>?
    private var quietCheck: Scheduled<Void>?
    private let budget: ReplyByteBudget
    /// Bytes granted by the budget so far, and bytes received since the last reservation.
    private var reserved = 0
    private var unreserved = 0
    private var channel: (any Channel)?

    init(
        request: [UInt8], promise: EventLoopPromise<ByteBuffer>, limit: Int, deadline: NIODeadline, timeout: Duration,
        budget: ReplyByteBudget, readDeadline: ReadDeadline
    ) {
        self.readDeadline = readDeadline
        self.request = request
        self.promise = promise
        self.limit = limit
        self.deadline = deadline
        self.timeout = timeout
        self.budget = budget
    }

    func handlerAdded(context: ChannelHandlerContext) {
        let channel = context.channel
        promise.futureResult.whenComplete { _ in channel.close(promise: nil) }
        // A miner that sends nothing for a while (connecting, or connected and silent) only waits out its deadline:
        // its read gives its place in the sweep to the next one.
        if let ticket = readDeadline.ticket {
            quietCheck = context.eventLoop.assumeIsolated().scheduleTask(in: TimeAmount(readDeadline.quietAfter)) {
                [self] in
                if receivedCount == 0, !done { ticket.release() }
            }
        }
    }

    func channelActive(context: ChannelHandlerContext) {
        active = true
        schedule(on: context.eventLoop)
        var buffer = context.channel.allocator.buffer(capacity: request.count)
        buffer.writeBytes(request)
        context.writeAndFlush(wrapOutboundOut(buffer), promise: nil)
        channel = context.channel
        context.fireChannelActive()
        context.read()
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        guard !done else { return }
        let bytes = unreserved
        unreserved = 0
        guard bytes > 0 else {
            context.read()
            return
        }
        let bound = NIOLoopBound(self, eventLoop: context.eventLoop)
        let loop = context.eventLoop
        budget.reserve(bytes, holding: reserved) {
            if loop.inEventLoop {
                bound.value.granted(bytes)
            } else {
                loop.execute { bound.value.granted(bytes) }
            }
        }
    }

    /// The budget granted `bytes`: read on, or give them back at once when the request is already over. A wait for
    /// the budget stays charged to the read: the miners that fill it (endless replies) are the ones that wait.
    private func granted(_ bytes: Int) {
        guard !done else {
            budget.release(bytes)
            return
        }
        reserved += bytes
        channel?.read()
    }

    private func schedule(on loop: any EventLoop) {
        timer = loop.assumeIsolated().scheduleTask(deadline: deadline) { [self] in
            finish(.failure(.noReplyWithinDeadline(deadline: timeout, receivedBytes: receivedCount)))
        }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !done else { return }
        var chunk = unwrapInboundIn(data)
        let nul = chunk.withUnsafeReadableBytes { raw in
            raw.isEmpty ? nil : memchr(raw.baseAddress!, 0, raw.count).map { UnsafeRawPointer($0) - raw.baseAddress! }
        }
        if let nul {
            chunk.moveWriterIndex(to: chunk.readerIndex + nul)
            sawNUL = true
        }
        if receivedCount + chunk.readableBytes > limit {
            finish(.failure(.replyTooLarge(limit: limit)))
            return
        }
        receivedCount += chunk.readableBytes
        unreserved += chunk.readableBytes
        if chunk.readableBytes > 0 { chunks.append(chunk) }
        // cgminer ends every reply with one NUL; some firmware then keeps the socket open.
        if nul != nil { finish(reply(allocator: context.channel.allocator)) }
    }

    func channelInactive(context: ChannelHandlerContext) {
        if active { finish(reply(allocator: context.channel.allocator)) }
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if active { finish(.failure(Self.classify(error, afterBytes: receivedCount))) }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        if active { finish(.failure(.socketError(reason: "channel closed", afterBytes: receivedCount))) }
    }

    /// The whole reply in one buffer, or `emptyReply` (nothing came), or `blankReply` (only the NUL came).
    private func reply(allocator: ByteBufferAllocator) -> Result<ByteBuffer, CGMinerError> {
        switch chunks.count {
        case 0:
            return .failure(sawNUL ? .blankReply(byteCount: 1) : .emptyReply)
        case 1:
            return .success(chunks[0])
        default:
            var joined = allocator.buffer(capacity: receivedCount)
            for var chunk in chunks { joined.writeBuffer(&chunk) }
            return .success(joined)
        }
    }

    private func finish(_ result: Result<ByteBuffer, CGMinerError>) {
        guard !done else { return }
        done = true
        chunks = []
        timer?.cancel()
        timer = nil
        quietCheck?.cancel()
        quietCheck = nil
        channel = nil
        // Held until the read that asked is done with the reply (decoded and normalized), not only received.
        budget.take(unreserved)
        readDeadline.hold(reserved + unreserved)
        reserved = 0
        unreserved = 0
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
