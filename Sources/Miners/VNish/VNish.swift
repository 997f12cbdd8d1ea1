import FleetCore
import MinerRPC

/// VNish (Anthill) on Antminers, read over its bmminer-compatible 4028 API: `version.Type` carries the firmware
/// (`"Antminer S9 (vnish 3.8.6)"`) and `stats` is Bitmain's layout. Power (`power_usage`) is only on VNish's HTTP
/// API, so over 4028 it is estimated like stock.
public enum VNish: MinerFamily {
    public static let name = "vnish"
    public static let extraCommands: [String] = []

    public static func matches(_ replies: MinerReplies) -> Bool {
        replies.identityContains("VNISH", "ANTHILL")
    }

    public static func normalize(_ replies: MinerReplies, into reading: inout Reading) {
        let type = replies.versionRecord?.text("Type") ?? replies.statsHeader?.text("Type")
        reading.vendor = "Bitmain"
        reading.model = BitmainModel.of(replies)
        reading.firmware = type.flatMap(firmware) ?? replies.firstDescription
        let stats = BitmainStats(replies)
        if stats.device != nil {
            stats.apply(to: &reading)
        } else {
            reading.fail(missing: "stats", in: replies, otherwise: "no device entry")
        }
    }

    /// The REST API's presets, sleep and wake (`VNishControl`).
    public static func control(_ endpoint: MinerEndpoint, reading: Reading) -> (any MinerControl)? {
        VNishControl(endpoint)
    }

    /// `"Antminer S9 (vnish 3.8.6)"` -> `"VNish 3.8.6"`.
    static func firmware(_ type: String) -> String? {
        let lower = type.lowercased()
        guard let range = lower.firstRange(of: "vnish") else { return nil }
        let rest = String(lower[range.upperBound...].prefix { $0 != ")" }).trimmed(" ")
        return rest.isEmpty ? "VNish" : "VNish \(rest)"
    }
}
