import FleetCore
import MinerRPC

/// Braiins OS: BOSminer / BOSminer+ (2019-2023) and BOSer (23.x+) on Antminers, through their cgminer-compatible API.
///
/// Hashrates are MH/s (`MHS 1m`, `MHS av`); `temps` gives `Board`/`Chip` per hashchain (`0.0` = not measured),
/// `fans` gives `RPM`, and `tunerstatus` carries the power figures (`ApproximateMinerPowerConsumption`,
/// `PowerLimit`; Braiins docs `1_api.rst`, pyasic).
public enum Braiins: MinerFamily {
    public static let name = "braiins"
    public static let extraCommands = ["tunerstatus", "temps", "fans", "devdetails"]

    public static func matches(_ replies: MinerReplies) -> Bool {
        replies.identityContains("BOSMINER", "BOSER", "BRAIINS")
    }

    /// The family's power control (`BraiinsControl`).
    public static func control(_ endpoint: MinerEndpoint, reading: Reading) -> (any MinerControl)? {
        BraiinsControl(endpoint: endpoint)
    }

    public static func normalize(_ replies: MinerReplies, into reading: inout Reading) {
        reading.vendor = "Bitmain"
        reading.model = model(replies)
        reading.firmware = firmware(replies)

        if let summary = replies.summaryRecord {
            reading.hashrateHs = HashUnit.mega.hashesPerSecond(
                reading.number(summary, anyOf: ["MHS 1m", "MHS 5s"], for: .hashrateHs))
            reading.hashrateAvgHs = HashUnit.mega.hashesPerSecond(
                reading.number(summary, "MHS av", for: .hashrateAvgHs))
        } else {
            reading.fail(missing: "summary", in: replies, otherwise: "no SUMMARY")
        }

        let temps = replies.records("temps", "TEMPS")
        reading.setTemperatures(boards: temps.map { $0.number("Board") }, chips: temps.map { $0.number("Chip") })
        reading.setFans(replies.records("fans", "FANS").map { $0.number("RPM") })

        let tuner = replies.record("tunerstatus", "TUNERSTATUS")
        reading.setReportedPower(reading.number(tuner, "ApproximateMinerPowerConsumption", for: .powerW))
        reading.setPowerLimit(reading.number(tuner, "PowerLimit", for: .powerLimitW))
        if isPaused(replies) { reading.markSleeping() }
    }

    /// `"BOSminer+ 0.2.0-36c56a9363"`, `"BOSer boser-buildroot 0.1.0-0ce150e9"`: the version key that names the
    /// miner program, else the STATUS `Description`.
    static func firmware(_ replies: MinerReplies) -> String? {
        if let version = replies.versionRecord {
            for key in ["BOSminer+", "BOSminer", "BOSer"] {
                if let value = version.text(key) { return "\(key) \(value)" }
            }
        }
        return replies.firstDescription
    }

    /// From `devdetails` (`"Bitmain Antminer S9"` -> `"Antminer S9"`), else from a build name in a STATUS
    /// description (`bosminer-plus-am1-s9` -> `"Antminer S9"`).
    static func model(_ replies: MinerReplies) -> String? {
        if let model = replies.record("devdetails", "DEVDETAILS")?.text("Model"), !model.isEmpty {
            return model.hasPrefix("Bitmain ") ? String(model.dropFirst("Bitmain ".count)) : model
        }
        for description in replies.descriptions {
            for word in description.split(separator: " ") {
                let parts = word.split(separator: "-")
                guard
                    let am = parts.firstIndex(where: { $0.hasPrefix("am") && $0.dropFirst(2).allSatisfy(\.isNumber) }),
                    am + 1 < parts.count
                else { continue }
                return "Antminer " + parts[am + 1].uppercased()
            }
        }
        return nil
    }

    /// Paused mining (the `pause` command). No recorded capture shows how a paused BOSminer reports itself; this
    /// takes tuner chain statuses that all say "paused".
    static func isPaused(_ replies: MinerReplies) -> Bool {
        let chains = replies.record("tunerstatus", "TUNERSTATUS")?["TunerChainStatus"]?.arrayValue ?? []
        let statuses = chains.compactMap { $0["Status"]?.stringValue }
        return !statuses.isEmpty && statuses.allSatisfy { $0.lowercased().contains("paused") }
    }
}
