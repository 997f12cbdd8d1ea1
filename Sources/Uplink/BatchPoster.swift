/// What became of one attempt to deliver a batch.
public enum BatchDelivery: Sendable, Equatable {
    /// The receiver acknowledged it (any 2xx): the cursor may move past it.
    case delivered
    /// The receiver says the batch is too large (413): it is sent again in smaller batches.
    case tooLarge
    /// Not delivered (refused connection, timeout, any other status): sent again after a wait, never dropped.
    /// `retryAfter` is the receiver's `Retry-After`, if it sent one.
    case failed(reason: String, retryAfter: Duration?)
}

/// The uplink's one edge to the network: delivers a batch and says what became of it. `HTTPBatchPoster` posts over
/// HTTP; tests may stand in for it to drive the uplink's logic without a socket.
public protocol BatchPoster: Sendable {
    func post(_ batch: ReadingBatch) async -> BatchDelivery
}
