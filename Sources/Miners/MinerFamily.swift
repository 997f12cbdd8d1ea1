import FleetCore
import MinerRPC

/// One firmware family behind the cgminer API (stock Bitmain, Braiins, LuxOS, VNish, Whatsminer, Avalon, ...).
///
/// A family recognises its firmware from the base replies, names the extra reads it needs, and turns all replies
/// into the normalized `Reading`. Adding a firmware is adding a folder with one type conforming to this protocol
/// and one line in `MinerFamilies.all`.
public protocol MinerFamily: Sendable {
    /// Short stable name, e.g. `"bmminer"`, `"btminer"`, `"avalon"`.
    static var name: String { get }

    /// True when `replies` (the base commands, possibly with `devdetails`) come from this firmware.
    static func matches(_ replies: MinerReplies) -> Bool

    /// Reads this family needs beyond the base set (`estats` on Avalon, `tunerstatus` on Braiins, ...).
    static var extraCommands: [String] { get }

    /// Fills `reading` from `replies`: identity, hashrate in H/s, temperatures, fans, power, limit and status.
    /// Pure: no I/O. `reading` arrives with time, host, address, a fallback `asic:<host:port>` device id and
    /// status `ok`.
    static func normalize(_ replies: MinerReplies, into reading: inout Reading)

    /// The family's power control for the miner at `endpoint` whose latest reading is `reading`; nil when the
    /// family, or this model, has none (`ControlPaths` says why for allocation and `plan check`).
    static func control(_ endpoint: MinerEndpoint, reading: Reading) -> (any MinerControl)?
}

extension MinerFamily {
    /// No control: the default for families without one (the generic cgminer reader).
    public static func control(_ endpoint: MinerEndpoint, reading: Reading) -> (any MinerControl)? { nil }
}
