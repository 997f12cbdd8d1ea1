import FleetCore
import GRDB

/// The body of `Ledger.append(cycle:)`: everything one cycle changes, run inside one write transaction, so that a
/// failure anywhere leaves the ledger as it was (no seq used, no register moved, no gap half-recorded).
struct CycleWriter {
    let path: String

    /// What one cycle's transaction has loaded and changed so far.
    private struct Pass {
        var cycle: Int64
        var seq: Int64
        var tenants: TenantIDs
        var registers: DeviceRegisters
        /// The first seq of the cycle: a register that has seen it already has a reading in the cycle.
        let firstSeq: Int64
        var tally = IntervalTally()
        var gapsOpened = 0
        /// The readings as stored (with their seq, register and epoch), in order.
        var stored: [Reading] = []
        /// The readings `INSERT`, prepared once for the cycle.
        let insert: BoundStatement
    }

    /// Stores `cycle`; returns what was stored.
    func write(_ cycle: PollCycle, _ db: Database) throws -> AppendedCycle {
        let intervalMs = IntervalGrid.milliseconds(cycle.interval)
        guard intervalMs > 0 else {
            throw LedgerError.invalidCycle(path: path, reason: "the interval must be positive, not \(cycle.interval)")
        }
        let previous = try Row.fetchOne(db, sql: "SELECT id, time_ms FROM cycles ORDER BY id DESC LIMIT 1")
        let firstSeq = try Self.lastSeq(db) + 1
        var pass = Pass(
            cycle: (previous.map { $0[0] as Int64 } ?? 0) + 1, seq: firstSeq - 1, tenants: try TenantIDs(db),
            registers: try DeviceRegisters(db), firstSeq: firstSeq, insert: try Self.insertStatement(db))
        if let previous, cycle.time.millisecondsSinceEpoch - (previous[1] as Int64) > 3 * intervalMs {
            try interruptAll(&pass, reason: .agentDown, db)
        }
        for input in cycle.readings { try store(input, &pass, db) }
        try interruptSilent(&pass, db)
        try pass.registers.saveChanged(db)
        try pass.tally.write(db)
        let seqs = pass.seq >= firstSeq ? firstSeq...pass.seq : nil
        try db.execute(
            sql: "INSERT INTO cycles (id, time_ms, interval_ms, first_seq, last_seq) VALUES (?, ?, ?, ?, ?)",
            arguments: [pass.cycle, cycle.time.millisecondsSinceEpoch, intervalMs, seqs?.lowerBound, seqs?.upperBound])
        try db.execute(
            sql: "UPDATE sequence SET last_seq = ?, interval_changes = interval_changes + 1 WHERE id = 1",
            arguments: [pass.seq])
        return AppendedCycle(cycle: pass.cycle, seqs: seqs, gapsOpened: pass.gapsOpened, readings: pass.stored)
    }

    /// Gives `input` the next seq, lets its device's register observe it, and inserts the reading with the register's
    /// value and epoch (both null for a reading without power or counter).
    private func store(_ input: CycleReading, _ pass: inout Pass, _ db: Database) throws {
        pass.seq += 1
        let device = input.reading.device.description
        let position = try pass.registers.position(of: device, db)
        var register = pass.registers[position]
        guard register.lastSeq < pass.firstSeq else {
            throw LedgerError.invalidCycle(
                path: path, reason: "the device \(device) has more than one reading in the cycle")
        }
        let sample = EnergySample(input)
        let tenantID = try pass.tenants.id(for: input.reading.tenant, db)
        let change = register.observe(sample, seq: pass.seq, cycle: pass.cycle, tenant: input.reading.tenant)
        try record(change, of: register, db)
        var stored = input.reading
        stored.seq = pass.seq
        stored.energyJ = nil
        stored.energyEpoch = nil
        var storedEpoch: Int64?
        if sample.isUsable, let epoch = register.epoch {
            stored.energyJ = register.registerJ
            stored.energyEpoch = String(epoch)
            storedEpoch = epoch
            if let step = change.step { pass.tally.add(step, deviceID: register.id, tenantID: tenantID, epoch: epoch) }
            if let peak = sample.powerW ?? change.step.map(\.averageW) {
                pass.tally.add(
                    peakW: peak, quality: sample.quality, atMs: sample.timeMs, deviceID: register.id,
                    tenantID: tenantID, epoch: epoch)
            }
        }
        let insert = pass.insert
        insert.bind(pass.seq, at: 1)
        insert.bind(sample.timeMs, at: 2)
        insert.bind(register.id, at: 3)
        insert.bind(stored.energyJ, at: 4)
        insert.bind(storedEpoch, at: 5)
        insert.bind(sample.counterJ, at: 6)
        insert.bind(sample.uptimeS, at: 7)
        insert.bind(utf8: ReadingJSONWriter.utf8(stored), at: 8)
        try insert.run()
        pass.stored.append(stored)
        pass.registers[position] = register
    }

    private static func insertStatement(_ db: Database) throws -> BoundStatement {
        try BoundStatement(
            db,
            sql: """
                INSERT INTO readings (seq, time_ms, device_id, energy_j, energy_epoch, counter_j, uptime_s, json)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """)
    }

    /// The highest seq ever assigned: the stored high-water mark, or the readings' maximum if that is higher.
    static func lastSeq(_ db: Database) throws -> Int64 {
        let mark = try Int64.fetchOne(db, sql: "SELECT last_seq FROM sequence WHERE id = 1") ?? 0
        let stored = try Int64.fetchOne(db, sql: "SELECT MAX(seq) FROM readings") ?? 0
        return max(mark, stored)
    }

    private func record(_ change: DeviceRegister.Change, of register: DeviceRegister, _ db: Database) throws {
        if let ended = change.endedGap { try GapStore.close(id: ended.id, endMs: ended.endMs, db) }
        if let span = change.closedGap { _ = try GapStore.insert(span, deviceID: register.id, db) }
        if let ended = change.endedEpoch {
            try db.execute(
                sql: "UPDATE epochs SET last_seq = ?, register_j = ? WHERE device_id = ? AND epoch = ?",
                arguments: [ended.lastSeq, ended.registerJ, register.id, ended.epoch])
        }
        if let started = change.startedEpoch {
            try db.execute(
                sql: "INSERT INTO epochs (device_id, epoch, start_ms, reason) VALUES (?, ?, ?, ?)",
                arguments: [register.id, started.epoch, started.startMs, started.reason])
        }
    }

    /// Opens a gap for every device with an open observation.
    private func interruptAll(_ pass: inout Pass, reason: GapReason, _ db: Database) throws {
        for position in pass.registers.all.indices { try interrupt(position, reason: reason, &pass, db) }
    }

    /// Opens a gap for every device silent for more than three cycles.
    private func interruptSilent(_ pass: inout Pass, _ db: Database) throws {
        for (position, register) in pass.registers.all.enumerated() where register.isSilent(atCycle: pass.cycle) {
            try interrupt(position, reason: .silent, &pass, db)
        }
    }

    private func interrupt(_ position: Int, reason: GapReason, _ pass: inout Pass, _ db: Database) throws {
        var register = pass.registers[position]
        guard let span = register.interrupt(reason: reason, fallbackStartMs: nil) else { return }
        register.openGapID = try GapStore.insert(span, deviceID: register.id, db)
        pass.registers[position] = register
        pass.gapsOpened += 1
    }
}
