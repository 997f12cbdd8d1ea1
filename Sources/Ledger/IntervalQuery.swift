import FleetCore
import GRDB

/// Reads the 15-minute rows of a time range in primary-key order (start, device, tenant, epoch) and sums them into
/// rows of the asked step, one bucket at a time: no sort in SQLite, one pass in Swift over SQLite's own columns.
struct IntervalQuery {
    /// One output row being summed: a device and tenant in the current bucket.
    private struct Sum {
        var deviceID: Int64
        var tenantID: Int64
        /// Its place in device-name, then tenant-name order.
        var order: Int
        var energyJ = 0.0
        var observedMs: Int64 = 0
        var peakW: Double?
        var qualityRank: Int64 = 0
    }

    private enum Filter {
        case all
        case only(Int64)
        /// A name that is not in the ledger: no row matches.
        case unknown

        init(_ id: Int64?) { self = id.map(Filter.only) ?? .unknown }

        var isAll: Bool {
            if case .all = self { return true }
            return false
        }
    }

    /// Names and places in name order, by id (ids are small positive integers, so arrays serve as maps).
    private var deviceNames: [String] = []
    private var deviceOrder: [Int] = []
    private var tenantNames: [String?] = [nil]
    private var tenantOrder: [Int] = [0]
    private var deviceFilter = Filter.all
    private var tenantFilter = Filter.all

    /// Loads the device and tenant names; a filter naming an unknown device or tenant matches nothing.
    init(_ db: Database, device: String?, tenant: String?) throws {
        (deviceNames, deviceOrder) = try Self.names(db, sql: "SELECT id, device FROM devices ORDER BY device")
        let tenants = try Self.names(db, sql: "SELECT id, tenant FROM tenants ORDER BY tenant")
        tenantNames = tenants.names.enumerated().map { $0.offset == 0 ? nil : $0.element }
        tenantOrder = tenants.order
        if let device { deviceFilter = Filter(deviceNames.firstIndex(of: device).map(Int64.init)) }
        if let tenant { tenantFilter = Filter(tenantNames.firstIndex(of: tenant).map(Int64.init)) }
    }

    /// `(names, order)` indexed by id: the name of each id and its place in name order (id 0 first: no tenant).
    private static func names(_ db: Database, sql: String) throws -> (names: [String], order: [Int]) {
        let rows = try Row.fetchAll(db, sql: sql)
        let count = (rows.map { $0[0] as Int64 }.max() ?? 0) + 1
        var names = [String](repeating: "", count: Int(count))
        var order = [Int](repeating: 0, count: Int(count))
        for (place, row) in rows.enumerated() {
            let id = Int(row[0] as Int64)
            names[id] = row[1]
            order[id] = place + 1
        }
        return (names, order)
    }

    func rows(fromMs: Int64, toMs: Int64, stepMs: Int64, _ db: Database) throws -> [EnergyInterval] {
        if case .unknown = deviceFilter { return [] }
        if case .unknown = tenantFilter { return [] }
        var sql = """
            SELECT start_ms, device_id, tenant_id, energy_j, observed_ms, peak_w, quality FROM intervals
            WHERE start_ms >= ? AND start_ms < ?
            """
        var filters: [Int64] = []
        if case .only(let id) = deviceFilter {
            sql += " AND device_id = ?"
            filters.append(id)
        }
        if case .only(let id) = tenantFilter {
            sql += " AND tenant_id = ?"
            filters.append(id)
        }
        sql += " ORDER BY start_ms, device_id, tenant_id"
        let query = try BoundStatement(db, sql: sql)
        query.bind(fromMs, at: 1)
        query.bind(toMs, at: 2)
        for (index, id) in filters.enumerated() { query.bind(id, at: Int32(index + 3)) }

        var out: [EnergyInterval] = []
        // One row per device and bucket is the usual answer: reserved at once, the array is never copied to grow.
        let devices = deviceFilter.isAll ? max(1, deviceNames.count - 1) : 1
        out.reserveCapacity(min(Int((toMs - fromMs) / stepMs) * devices, 4_000_000))
        var bucket: Int64?
        var sums: [Sum] = []
        // Where each device's sum is in `sums` for the current bucket (plus one; 0: none yet), by device id.
        var slots = [Int](repeating: 0, count: deviceNames.count)
        while try query.nextRow() {
            let startMs = query.int64(0)
            let rowBucket = startMs - (startMs - fromMs) % stepMs
            if rowBucket != bucket {
                if let bucket { flush(&sums, bucket: bucket, stepMs: stepMs, into: &out) }
                for index in slots.indices { slots[index] = 0 }
                bucket = rowBucket
            }
            let deviceID = query.int64(1)
            let tenantID = query.int64(2)
            let slot = slots.indices.contains(Int(deviceID)) ? slots[Int(deviceID)] : 0
            var position: Int
            if slot > 0, sums[slot - 1].tenantID == tenantID {
                position = slot - 1
            } else if slot > 0,
                let found = sums.lastIndex(where: { $0.deviceID == deviceID && $0.tenantID == tenantID })
            {
                position = found  // a device whose tenant changed within the bucket
            } else {
                let order = place(deviceOrder, deviceID) * tenantOrder.count + place(tenantOrder, tenantID)
                sums.append(Sum(deviceID: deviceID, tenantID: tenantID, order: order))
                position = sums.count - 1
                if slot == 0, slots.indices.contains(Int(deviceID)) { slots[Int(deviceID)] = sums.count }
            }
            var sum = sums[position]
            sum.energyJ += query.double(3)
            sum.observedMs += query.int64(4)
            if !query.isNull(5) {
                let peak = query.double(5)
                sum.peakW = max(sum.peakW ?? peak, peak)
            }
            sum.qualityRank = max(sum.qualityRank, query.int64(6))
            sums[position] = sum
        }
        if let bucket { flush(&sums, bucket: bucket, stepMs: stepMs, into: &out) }
        return out
    }

    /// Appends the bucket's rows in device-name then tenant-name order, and empties `sums`.
    private func flush(_ sums: inout [Sum], bucket: Int64, stepMs: Int64, into out: inout [EnergyInterval]) {
        let start = Timestamp(millisecondsSinceEpoch: bucket)
        let end = Timestamp(millisecondsSinceEpoch: bucket + stepMs)
        sums.sort { $0.order < $1.order }
        for sum in sums {
            let observedS = Double(sum.observedMs) / 1000
            out.append(
                EnergyInterval(
                    device: name(deviceNames, sum.deviceID) ?? "", tenant: name(tenantNames, sum.tenantID) ?? nil,
                    start: start, end: end, energyJ: sum.energyJ, avgW: observedS > 0 ? sum.energyJ / observedS : nil,
                    peakW: sum.peakW, coverage: min(1, Double(sum.observedMs) / Double(stepMs)),
                    quality: PowerQuality(rank: Int(sum.qualityRank))))
        }
        sums.removeAll(keepingCapacity: true)
    }

    private func place(_ places: [Int], _ id: Int64) -> Int {
        places.indices.contains(Int(id)) ? places[Int(id)] : 0
    }

    private func name<Name>(_ names: [Name], _ id: Int64) -> Name? {
        names.indices.contains(Int(id)) ? names[Int(id)] : nil
    }
}
