import GRDB

/// One stored 15-minute row as the interval scan reads it.
struct StoredInterval: Sendable {
    var startMs: Int64
    var deviceID: Int64
    var tenantID: Int64
    var energyJ: Double
    var observedMs: Int64
    /// NaN when the row has no peak.
    var peakW: Double
    var qualityRank: Int64
}

/// Reads the 15-minute rows of a time range in primary-key order (start, device, tenant, epoch), straight from
/// SQLite's columns into the summer.
enum IntervalScan {
    static func rows<Sink>(
        fromMs: Int64, toMs: Int64, names: IntervalNames, _ db: Database, into summer: inout IntervalSummer<Sink>
    ) throws {
        if case .unknown = names.deviceFilter { return }
        if case .unknown = names.tenantFilter { return }
        var sql = """
            SELECT start_ms, device_id, tenant_id, energy_j, observed_ms, peak_w, quality FROM intervals
            WHERE start_ms >= ? AND start_ms < ?
            """
        var filters: [Int64] = []
        if case .only(let id) = names.deviceFilter {
            sql += " AND device_id = ?"
            filters.append(id)
        }
        if case .only(let id) = names.tenantFilter {
            sql += " AND tenant_id = ?"
            filters.append(id)
        }
        sql += " ORDER BY start_ms, device_id, tenant_id"
        let query = try BoundStatement(db, sql: sql)
        query.bind(fromMs, at: 1)
        query.bind(toMs, at: 2)
        for (index, id) in filters.enumerated() { query.bind(id, at: Int32(index + 3)) }
        try query.holdingConnection {
            while try query.nextRow() {
                summer.add(
                    StoredInterval(
                        startMs: query.int64(0), deviceID: query.int64(1), tenantID: query.int64(2),
                        energyJ: query.double(3), observedMs: query.int64(4),
                        peakW: query.isNull(5) ? .nan : query.double(5), qualityRank: query.int64(6)))
            }
        }
    }
}
