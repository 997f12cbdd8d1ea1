import FleetCore
import GRDB

/// A stored reading as the JSON line it is kept as: the reading schema with `seq`, `energy_j` and `energy_epoch`
/// filled in by the ledger, ready to be served as NDJSON without decoding.
public struct ReadingLine: Sendable, Equatable {
    /// The reading's per-host sequence number (also in the JSON).
    public var seq: Int64
    /// One line of JSON, without a line break.
    public var json: String

    /// A stored line.
    public init(seq: Int64, json: String) {
        self.seq = seq
        self.json = json
    }
}

extension LedgerReader {
    /// The readings stored after `seq`, in `seq` order, at most `limit` of them. A billing system pages with the
    /// last one's `seq` as the next cursor; an empty answer means it has everything stored so far.
    public func readings(after seq: Int64, limit: Int) async throws(LedgerError) -> [Reading] {
        let lines = try await readingLines(after: seq, limit: limit)
        var readings: [Reading] = []
        readings.reserveCapacity(lines.count)
        for line in lines { readings.append(try decode(line)) }
        return readings
    }

    /// The same page as `readings(after:limit:)`, as the stored JSON lines.
    public func readingLines(after seq: Int64, limit: Int) async throws(LedgerError) -> [ReadingLine] {
        guard limit > 0 else {
            throw LedgerError.invalidArgument(path: path, reason: "limit must be positive, not \(limit)")
        }
        return try await read { db in
            let rows = try Row.fetchCursor(
                db, sql: "SELECT seq, json FROM readings WHERE seq > ? ORDER BY seq LIMIT ?", arguments: [seq, limit])
            var lines: [ReadingLine] = []
            while let row = try rows.next() { lines.append(ReadingLine(seq: row[0], json: row[1])) }
            return lines
        }
    }

    /// The latest stored reading of every device, by device id.
    public func devices() async throws(LedgerError) -> [Reading] {
        let lines = try await read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT r.seq, r.json FROM devices d JOIN readings r ON r.seq = d.last_seq ORDER BY d.device
                    """
            ).map { ReadingLine(seq: $0[0], json: $0[1]) }
        }
        var readings: [Reading] = []
        for line in lines { readings.append(try decode(line)) }
        return readings
    }

    /// The highest `seq` stored so far (0 for an empty ledger).
    public func lastSeq() async throws(LedgerError) -> Int64 {
        try await read { db in try CycleWriter.lastSeq(db) }
    }

    /// The stored line as a `Reading` (through `ReadingJSONReader`, which reads the writer's lines directly and
    /// leaves anything else to `JSONDecoder`).
    private func decode(_ line: ReadingLine) throws(LedgerError) -> Reading {
        do {
            var reading = try ReadingJSONReader.reading(line.json)
            reading.seq = line.seq
            return reading
        } catch {
            throw LedgerError.unreadableReading(path: path, seq: line.seq, reason: String(describing: error))
        }
    }
}
