import FleetCore
import GRDB

extension Ledger {
    /// Records that readings of `devices` taken since `from` could not be stored (the disk was full, so
    /// `append(cycle:)` threw `diskFull`): each device gets a gap from its last stored observation (or from `from`
    /// when it has none) to its next stored one, so the ledger never integrates across the readings it lost.
    ///
    /// The poll loop calls this once writes succeed again, before appending the next cycle, with every device of the
    /// cycles that were not stored and the time of the first of them. A device already in a gap keeps that gap.
    ///
    /// - Returns: how many gaps were opened.
    @discardableResult
    public func recordLoss(
        devices: [String], from: Timestamp, reason: GapReason = .notStored
    ) async throws(LedgerError) -> Int {
        try await write { db in
            var registers = try DeviceRegisters(db)
            var opened = 0
            for device in Set(devices) {
                let position = try registers.position(of: device, db)
                var register = registers[position]
                guard let span = register.interrupt(reason: reason, fallbackStartMs: from.millisecondsSinceEpoch)
                else { continue }
                register.openGapID = try GapStore.insert(span, deviceID: register.id, db)
                registers[position] = register
                opened += 1
            }
            try registers.saveChanged(db)
            return opened
        }
    }
}
