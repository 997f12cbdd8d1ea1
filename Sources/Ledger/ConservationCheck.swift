import GRDB

/// The result of checking that no energy was lost or counted twice: for each device and epoch, the energy in its
/// intervals (gaps add none) equals the register's difference between the epoch's first and last stored readings.
public struct ConservationReport: Sendable, Equatable {
    /// How many (device, epoch) pairs were checked. Epochs some of whose intervals retention has deleted are skipped.
    public var epochsChecked: Int
    /// The pairs where the two differ by more than the tolerance; empty when energy is conserved.
    public var violations: [ConservationViolation]
}

/// One device and epoch whose intervals do not add up to its register's difference.
public struct ConservationViolation: Sendable, Equatable {
    /// The device id.
    public var device: String
    /// The epoch, as the readings' `energy_epoch` names it.
    public var epoch: String
    /// The register's value at the epoch's last stored reading minus its value at the first.
    public var registerJ: Double
    /// The sum of the epoch's interval energies.
    public var intervalsJ: Double
}

extension LedgerReader {
    /// Checks conservation for every device and epoch whose intervals are all retained (see `ConservationReport`).
    /// The allowed difference is `absoluteToleranceJ` plus `relativeTolerance` times the register's difference: the
    /// rounding of summing the same steps in two groupings.
    public func conservation(
        absoluteToleranceJ: Double = 1e-6, relativeTolerance: Double = 1e-9
    ) async throws(LedgerError) -> ConservationReport {
        try await read { db in
            // An epoch's id is the seq of its first reading; the current epoch's last reading is in `devices`.
            let rows = try Row.fetchCursor(
                db,
                sql: """
                    SELECT d.device, e.epoch, first.energy_j, last.energy_j,
                           (SELECT TOTAL(i.energy_j) FROM intervals i
                            WHERE i.device_id = e.device_id AND i.epoch = e.epoch)
                    FROM epochs e
                    JOIN devices d ON d.id = e.device_id
                    JOIN readings first ON first.seq = e.epoch
                    JOIN readings last
                        ON last.seq = CASE WHEN d.epoch = e.epoch THEN d.epoch_last_seq ELSE e.last_seq END
                    WHERE e.intervals_pruned = 0
                    ORDER BY d.device, e.epoch
                    """)
            var report = ConservationReport(epochsChecked: 0, violations: [])
            while let row = try rows.next() {
                report.epochsChecked += 1
                let first: Double = row[2] ?? 0
                let last: Double = row[3] ?? 0
                let intervals: Double = row[4]
                let register = last - first
                if abs(intervals - register) > absoluteToleranceJ + relativeTolerance * abs(register) {
                    report.violations.append(
                        ConservationViolation(
                            device: row[0], epoch: String(row[1] as Int64), registerJ: register,
                            intervalsJ: intervals))
                }
            }
            return report
        }
    }
}
