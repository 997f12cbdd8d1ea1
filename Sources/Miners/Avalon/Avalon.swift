import FleetCore
import MinerRPC

/// Canaan AvalonMiner (cgminer fork): the data lives in `MM ID<n>` bracket strings of `estats`/`stats`, one per
/// module (`Temp`, `TMax`, `MTmax`, `Fan1`, `GHSspd`, `WALLPOWER`, `MPO`, `SoftOFF`, ...); `summary` has MH/s;
/// `devs` reports `Temperature: -273` (no sensor). pyasic reads hashrate from `MHS 1m`, which is followed here.
public enum Avalon: MinerFamily {
    public static let name = "avalon"
    public static let extraCommands = ["estats"]

    public static func matches(_ replies: MinerReplies) -> Bool {
        if replies.identityContains("AVALON") { return true }
        return replies.statsRecords.contains { record in record.keys.contains { $0.hasPrefix("MM ID") } }
    }

    /// The family's power control (`AvalonControl`).
    public static func control(_ endpoint: MinerEndpoint, reading: Reading) -> (any MinerControl)? {
        AvalonControl(endpoint: endpoint)
    }

    public static func normalize(_ replies: MinerReplies, into reading: inout Reading) {
        let modules = self.modules(replies)
        let version = replies.versionRecord
        reading.vendor = "Canaan"
        reading.model = model(version: version, modules: modules)
        reading.firmware = firmware(replies, version: version, modules: modules)

        if let summary = replies.summaryRecord {
            reading.hashrateHs = HashUnit.mega.hashesPerSecond(
                reading.number(summary, anyOf: ["MHS 1m", "MHS 5s", "MHS 30s"], for: .hashrateHs))
            reading.hashrateAvgHs = HashUnit.mega.hashesPerSecond(
                reading.number(summary, "MHS av", for: .hashrateAvgHs))
        }
        if reading.hashrateHs == nil {
            reading.hashrateHs = HashUnit.giga.hashesPerSecond(sum(modules.map(\.speedGHs)))
        }
        if reading.hashrateAvgHs == nil {
            reading.hashrateAvgHs = HashUnit.giga.hashesPerSecond(sum(modules.map(\.averageGHs)))
        }
        if reading.hashrateHs == nil {
            reading.fail(
                missing: "summary", in: replies, otherwise: "no SUMMARY", detail: "; no module speed in estats")
        }

        let boardMaxima = modules.flatMap(\.boardMaxima)
        reading.setTemperatures(
            boards: [], chips: boardMaxima.isEmpty ? modules.map(\.hottest) : boardMaxima,
            inlet: modules.compactMap { Celsius.valid($0.inlet) }.min(), others: modules.map(\.hottest))
        reading.setFans(modules.flatMap(\.fans))
        reading.setReportedPower(sum(modules.map(\.wallWatts)))
        reading.setPowerLimit(sum(modules.map(\.powerLimitWatts)))

        if let mac = DeviceID.asic(mac: version?.text("MAC")) {
            reading.device = mac
        } else if let id = DeviceID.asic(serial: version?.text("DNA") ?? modules.first?.dna) {
            reading.device = id
        }
        if !modules.isEmpty, modules.allSatisfy(\.isSoftOff) { reading.markSleeping() }
    }

    /// The `MM ID<n>` modules of `estats` (else `stats`), in module order.
    static func modules(_ replies: MinerReplies) -> [AvalonModule] {
        var records = replies.records("estats", "STATS")
        if records.isEmpty { records = replies.records("stats", "STATS") }
        var modules: [(Int, AvalonModule)] = []
        for record in records {
            for (key, value) in record where key.hasPrefix("MM ID") {
                guard let text = value.stringValue else { continue }
                modules.append((Int(key.dropFirst("MM ID".count)) ?? 0, AvalonModule(text)))
            }
        }
        return modules.sorted { $0.0 < $1.0 }.map(\.1)
    }

    /// `version.PROD` (`"AvalonMiner 15-194"`), else from the modules' `Ver`: `"AvalonMiner 1047"`,
    /// `"AvalonMiner 841/821"` for a mixed multi-module rig.
    static func model(version: JSONRecord?, modules: [AvalonModule]) -> String? {
        if let product = version?.text("PROD"), !product.isEmpty { return product }
        if let model = version?.text("MODEL"), !model.isEmpty { return "AvalonMiner \(model)" }
        var numbers: [String] = []
        for number in modules.compactMap(\.modelNumber) where !numbers.contains(number) { numbers.append(number) }
        return numbers.isEmpty ? nil : "AvalonMiner " + numbers.joined(separator: "/")
    }

    /// `"cgminer 4.11.1 (MM 24102401_25462b2_9ddf522)"`: the cgminer build and the module firmware.
    static func firmware(_ replies: MinerReplies, version: JSONRecord?, modules: [AvalonModule]) -> String? {
        let cgminer = version?.text("CGMiner").map { "cgminer \($0)" } ?? replies.firstDescription
        guard let mm = version?.text("VERSION") ?? modules.first?.version else { return cgminer }
        return (cgminer.map { "\($0) " } ?? "") + "(MM \(mm))"
    }

    /// Sum of the known values; nil when none is known.
    private static func sum(_ values: [Double?]) -> Double? {
        let known = values.compactMap { $0 }
        return known.isEmpty ? nil : known.reduce(0, +)
    }
}
