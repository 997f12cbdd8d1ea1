import FleetCore

/// Sums 15-minute rows, arriving in (start, device, tenant) order, into rows of the asked step, one bucket at a time:
/// no sort in SQLite, one pass here, each bucket's rows handed to the sink in device-name then tenant-name order.
struct IntervalSummer<Sink: IntervalRowSink> {
    /// One output row being summed: a device and tenant in the current bucket.
    private struct Sum {
        var deviceID: Int64
        var tenantID: Int64
        var order: Int
        var energyJ = 0.0
        var observedMs: Int64 = 0
        var peakW: Double?
        var qualityRank: Int64 = 0
    }

    private let names: IntervalNames
    private let fromMs: Int64
    private let stepMs: Int64
    private var bucket: Int64?
    private var sums: [Sum] = []
    /// Where each device's first sum is in `sums` for the current bucket (plus one; 0: none yet), by device id.
    private var slots: [Int]
    /// The previous bucket's sums in arrival order (their orders) and the order it sorted them into: most buckets
    /// hold the same devices in the same order, and then the sort is not done again.
    private var lastArrival: [Int] = []
    private var lastSorted: [Int] = []
    private var sink: Sink

    init(names: IntervalNames, fromMs: Int64, stepMs: Int64, sink: Sink) {
        self.names = names
        self.fromMs = fromMs
        self.stepMs = stepMs
        self.sink = sink
        slots = [Int](repeating: 0, count: names.deviceNames.count)
    }

    /// The rows to expect for [fromMs, toMs): one per device and bucket is the usual answer (a sink reserves room
    /// for them at once, never copying what it holds to grow).
    static func expectedRows(names: IntervalNames, fromMs: Int64, toMs: Int64, stepMs: Int64) -> Int {
        let devices = if case .all = names.deviceFilter { max(1, names.deviceNames.count - 1) } else { 1 }
        return min(Int((toMs - fromMs) / stepMs) * devices, 4_000_000)
    }

    /// The sink with every row, once every stored row has been added.
    mutating func finish() -> Sink {
        if let bucket { flush(bucket) }
        bucket = nil
        return sink
    }

    mutating func add(_ row: StoredInterval) {
        let rowBucket = row.startMs - (row.startMs - fromMs) % stepMs
        if rowBucket != bucket {
            if let bucket { flush(bucket) }
            for index in slots.indices { slots[index] = 0 }
            bucket = rowBucket
        }
        let known = slots.indices.contains(Int(row.deviceID))
        let slot = known ? slots[Int(row.deviceID)] : 0
        var position: Int
        if slot > 0, sums[slot - 1].tenantID == row.tenantID {
            position = slot - 1
        } else if slot > 0,
            let found = sums.lastIndex(where: { $0.deviceID == row.deviceID && $0.tenantID == row.tenantID })
        {
            position = found  // a device whose tenant changed within the bucket
        } else {
            let order = names.order(deviceID: row.deviceID, tenantID: row.tenantID)
            sums.append(Sum(deviceID: row.deviceID, tenantID: row.tenantID, order: order))
            position = sums.count - 1
            if slot == 0, known { slots[Int(row.deviceID)] = sums.count }
        }
        var sum = sums[position]
        sum.energyJ += row.energyJ
        sum.observedMs += row.observedMs
        if !row.peakW.isNaN { sum.peakW = max(sum.peakW ?? row.peakW, row.peakW) }
        sum.qualityRank = max(sum.qualityRank, row.qualityRank)
        sums[position] = sum
    }

    /// Hands the bucket's rows to the sink in device-name, then tenant-name order and empties `sums`.
    private mutating func flush(_ bucket: Int64) {
        sink.bucket(startMs: bucket, endMs: bucket + stepMs)
        let arrival = sums.map(\.order)
        if arrival != lastArrival {
            lastArrival = arrival
            lastSorted = sums.indices.sorted { sums[$0].order < sums[$1].order }
        }
        for index in lastSorted {
            let sum = sums[index]
            let observedS = Double(sum.observedMs) / 1000
            sink.row(
                SummedInterval(
                    deviceID: sum.deviceID, tenantID: sum.tenantID, energyJ: sum.energyJ,
                    avgW: observedS > 0 ? sum.energyJ / observedS : nil, peakW: sum.peakW,
                    coverage: min(1, Double(sum.observedMs) / Double(stepMs)),
                    quality: PowerQuality(rank: Int(sum.qualityRank))))
        }
        sums.removeAll(keepingCapacity: true)
    }
}
