/// How long the ledger keeps what it stores. Raw readings are large (their full JSON) and kept for a short horizon;
/// the 15-minute intervals and gaps that billing settles on are small and kept for a long one.
public struct RetentionPolicy: Sendable, Equatable {
    /// How long raw readings (and the cycle records) are kept.
    public var readings: Duration
    /// How long intervals and closed gaps are kept. Never less than `readings`: a shorter value is treated as equal
    /// to it, so no interval is deleted while readings of its time are kept.
    public var intervals: Duration
    /// The most rows one delete transaction removes, so that pruning never holds the writer for long.
    public var batchSize: Int
    /// Upstream sinks (uplink cursor names) whose undelivered readings are kept whatever their age: an upstream
    /// down for longer than `readings` delays delivery but loses nothing. A sink that has acknowledged nothing yet
    /// holds every reading.
    public var keepUndeliveredFor: [String]

    /// Keeps raw readings for `readings` (and those `keepUndeliveredFor`'s sinks have not acknowledged) and
    /// intervals and gaps for `intervals`, deleting `batchSize` rows a transaction at most.
    public init(readings: Duration, intervals: Duration, batchSize: Int = 10_000, keepUndeliveredFor: [String] = []) {
        self.readings = readings
        self.intervals = intervals
        self.batchSize = batchSize
        self.keepUndeliveredFor = keepUndeliveredFor
    }
}

/// What one `Ledger.prune` removed.
public struct PrunedRows: Sendable, Equatable {
    /// Raw readings deleted.
    public var readings = 0
    /// 15-minute interval rows deleted.
    public var intervals = 0
    /// Closed gaps deleted.
    public var gaps = 0
    /// Cycle records deleted.
    public var cycles = 0
    /// Ended epochs deleted once none of their intervals was left.
    public var epochs = 0

    /// Nothing deleted yet.
    public init() {}
}
