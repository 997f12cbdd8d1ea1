import Ledger

/// Consecutive stored readings of one host, sent as one request: NDJSON, one reading (with its `seq`) a line. The host
/// and the seq range are its idempotency key; a batch that is sent again is the same batch, byte for byte, so a
/// receiver that keeps what it has seen (by key, or by host and seq per reading) stores each reading once.
public struct ReadingBatch: Sendable, Equatable {
    public let host: String
    /// The first and last seq in the batch.
    public let seqs: ClosedRange<Int64>
    public let lines: [ReadingLine]

    /// A batch of `lines` (stored readings in seq order, at least one).
    public init(host: String, lines: [ReadingLine]) {
        precondition(!lines.isEmpty, "a batch has at least one reading")
        self.host = host
        self.lines = lines
        seqs = lines[0].seq...lines[lines.count - 1].seq
    }

    /// `HOST:FIRST-LAST`, sent as the `Idempotency-Key` header.
    public var idempotencyKey: String { "\(host):\(seqs.lowerBound)-\(seqs.upperBound)" }

    /// The request body: each stored line followed by a line break.
    public var body: [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(lines.reduce(0) { $0 + $1.json.utf8.count + 1 })
        for line in lines {
            bytes.append(contentsOf: line.json.utf8)
            bytes.append(UInt8(ascii: "\n"))
        }
        return bytes
    }
}
