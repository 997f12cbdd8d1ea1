import FleetCore
import GRDB

/// One cycle's additions to the 15-minute interval rows, summed in memory so that each row is written once per cycle.
struct IntervalTally {
    struct Key: Hashable {
        var startMs: Int64
        var deviceID: Int64
        var tenantID: Int64
        var epoch: Int64
    }

    struct Addition {
        var energyJ = 0.0
        var observedMs: Int64 = 0
        var peakW: Double?
        /// Every addition has at least one contribution, each with a quality: 0 only before the first.
        var qualityRank = 0

        mutating func include(quality: PowerQuality) {
            qualityRank = max(qualityRank, quality.rank)
        }
    }

    private(set) var additions: [Key: Addition] = [:]

    /// Adds a step's energy and observed time to the intervals it spans.
    mutating func add(_ step: EnergyStep, deviceID: Int64, tenantID: Int64, epoch: Int64) {
        for part in step.parts {
            let key = Key(startMs: part.startMs, deviceID: deviceID, tenantID: tenantID, epoch: epoch)
            var addition = additions[key, default: Addition()]
            addition.energyJ += part.energyJ
            addition.observedMs += part.observedMs
            addition.include(quality: step.quality)
            additions[key] = addition
        }
    }

    /// Makes `powerW`, observed at `timeMs`, a candidate for its interval's peak.
    mutating func add(
        peakW powerW: Double, quality: PowerQuality, atMs timeMs: Int64, deviceID: Int64,
        tenantID: Int64, epoch: Int64
    ) {
        let key = Key(startMs: IntervalGrid.start(of: timeMs), deviceID: deviceID, tenantID: tenantID, epoch: epoch)
        var addition = additions[key, default: Addition()]
        addition.peakW = max(addition.peakW ?? powerW, powerW)
        addition.include(quality: quality)
        additions[key] = addition
    }

    /// Adds everything to the `intervals` table (creating rows as needed).
    func write(_ db: Database) throws {
        let upsert = try BoundStatement(
            db,
            sql: """
                INSERT INTO intervals (start_ms, device_id, tenant_id, epoch, energy_j, observed_ms, peak_w, quality)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (start_ms, device_id, tenant_id, epoch) DO UPDATE SET
                    energy_j = energy_j + excluded.energy_j,
                    observed_ms = observed_ms + excluded.observed_ms,
                    peak_w = CASE WHEN peak_w IS NULL OR excluded.peak_w > peak_w THEN excluded.peak_w ELSE peak_w END,
                    quality = MAX(quality, excluded.quality)
                """)
        for (key, addition) in additions {
            upsert.bind(key.startMs, at: 1)
            upsert.bind(key.deviceID, at: 2)
            upsert.bind(key.tenantID, at: 3)
            upsert.bind(key.epoch, at: 4)
            upsert.bind(addition.energyJ, at: 5)
            upsert.bind(addition.observedMs, at: 6)
            upsert.bind(addition.peakW, at: 7)
            upsert.bind(addition.qualityRank, at: 8)
            try upsert.run()
        }
    }
}
