import FleetCore
import GRDB

extension DeviceRegister {
    /// Every device's register.
    static func loadAll(_ db: Database) throws -> [DeviceRegister] {
        let rows = try Row.fetchCursor(
            db,
            sql: """
                SELECT id, device, last_seq, epoch, epoch_last_seq, register_j, obs_time_ms, obs_power_w, obs_quality,
                       obs_counter_j, obs_cycle, counter_j, uptime_s, open_gap_id
                FROM devices
                """)
        var registers: [DeviceRegister] = []
        while let row = try rows.next() {
            var observation: Observation?
            if let timeMs: Int64 = row[6], let cycle: Int64 = row[10] {
                let quality = PowerQuality(rank: row[8] ?? PowerQuality.estimated.rank) ?? .estimated
                observation = Observation(
                    timeMs: timeMs, powerW: row[7], counterJ: row[9], quality: quality, cycle: cycle)
            }
            let register = DeviceRegister(
                id: row[0], device: row[1], lastSeq: row[2], epoch: row[3], epochLastSeq: row[4], registerJ: row[5],
                observation: observation, counterJ: row[11], uptimeS: row[12], openGapID: row[13])
            registers.append(register)
        }
        return registers
    }

    /// A new device's register, inserted so that it has an id.
    static func insert(device: String, _ db: Database) throws -> DeviceRegister {
        try db.execute(sql: "INSERT INTO devices (device, last_seq) VALUES (?, 0)", arguments: [device])
        return DeviceRegister(
            id: db.lastInsertedRowID, device: device, lastSeq: 0, epoch: nil, epochLastSeq: nil, registerJ: 0,
            observation: nil, counterJ: nil, uptimeS: nil, openGapID: nil)
    }

    /// Stores this register's state with a statement from `saveStatement`, prepared once for many registers.
    func save(with update: BoundStatement) throws {
        update.bind(lastSeq, at: 1)
        update.bind(epoch, at: 2)
        update.bind(epochLastSeq, at: 3)
        update.bind(registerJ, at: 4)
        update.bind(observation?.timeMs, at: 5)
        update.bind(observation?.powerW, at: 6)
        update.bind(observation?.quality.rank, at: 7)
        update.bind(observation?.counterJ, at: 8)
        update.bind(observation?.cycle, at: 9)
        update.bind(counterJ, at: 10)
        update.bind(uptimeS, at: 11)
        update.bind(openGapID, at: 12)
        update.bind(id, at: 13)
        try update.run()
    }

    /// The `UPDATE` that `save(with:)` runs.
    static func saveStatement(_ db: Database) throws -> BoundStatement {
        try BoundStatement(
            db,
            sql: """
                UPDATE devices SET last_seq = ?, epoch = ?, epoch_last_seq = ?, register_j = ?, obs_time_ms = ?,
                    obs_power_w = ?, obs_quality = ?, obs_counter_j = ?, obs_cycle = ?, counter_j = ?, uptime_s = ?,
                    open_gap_id = ?
                WHERE id = ?
                """)
    }
}
