/// How a fixture miner emulates its family's controls: the optional `"controls"` object of a folder's `fixture.json`.
/// Everything in it is SYNTHETIC (invented for the emulation, never recorded), and the folder's SOURCE.md says so.
///
/// `{"family": "btminer", "synthetic": "...", "password": "...", "idle_w": 12}` - `family` picks the emulation
/// (`btminer`, `bosminer`, `avalon`, `luxos`, `bitmain`); the rest is what that emulation needs.
public struct FixtureControls: Codable, Sendable, Equatable {
    /// The emulation: `btminer`, `bosminer`, `avalon`, `luxos`, `bitmain`.
    public var family: String
    /// The label saying the object is synthetic, and what it stands in for.
    public var synthetic: String?
    /// The API password the emulation checks (Whatsminer's admin password).
    public var password: String?
    /// What the miner draws asleep, watts.
    public var idleW: Double?
    /// Avalon: the share of full power each work level runs at, level 0 first; Bitmain: by mode name.
    public var levelShares: [Double]?
    /// Avalon: the work level the recorded replies were taken in.
    public var recordedLevel: Int?
    /// Bitmain (stock): the share of full power each mode runs at (`normal`, `low-power`).
    public var stepShares: [String: Double]?
    /// Bitmain: the mode the recorded replies were taken in.
    public var recordedStep: String?
    /// LuxOS: the profiles the miner offers.
    public var profiles: [Profile]?
    /// LuxOS: the profile in force at start.
    public var profile: String?
    /// LuxOS: the pools it reports (its recorded replies have none).
    public var pools: [Pool]?
    /// Braiins: hashchains in the tuner status answered while paused.
    public var chains: Int?
    /// Whatsminer: answer `adjust_power_limit` with success and keep the limit (SYNTHETIC misbehaviour, as firmware
    /// that says yes and changes nothing; ASIC-APIS.md "Verification after a write").
    public var ignoresLimits: Bool?
    /// Whatsminer: once a limit is set, answer `pools` with no pools (SYNTHETIC misbehaviour, as a firmware whose
    /// write replaced its whole configuration; DESIGN "Safety rules").
    public var dropsPoolsOnLimit: Bool?

    /// A LuxOS profile: its name, what it draws and what it hashes.
    public struct Profile: Codable, Sendable, Equatable {
        public var name: String
        public var watts: Double
        public var ths: Double
    }

    /// A pool as `pools` reports it.
    public struct Pool: Codable, Sendable, Equatable {
        public var url: String
        public var user: String
    }

    enum CodingKeys: String, CodingKey {
        case family, synthetic, password, profiles, profile, pools, chains
        case idleW = "idle_w"
        case levelShares = "level_shares"
        case recordedLevel = "recorded_level"
        case stepShares = "step_shares"
        case recordedStep = "recorded_step"
        case ignoresLimits = "ignores_limits"
        case dropsPoolsOnLimit = "drops_pools_on_limit"
    }

    public init(family: String) {
        self.family = family
    }

    /// Stock Bitmain modes when a fixture names none: `normal` as recorded, `low-power` at 70 % (SYNTHETIC: no
    /// source gives the low-power draw), asleep idle at 0 W.
    public static let bitmainDefault: FixtureControls = {
        var controls = FixtureControls(family: "bitmain")
        controls.synthetic = "SYNTHETIC default: low-power runs at 70 % of normal"
        controls.stepShares = ["normal": 1, "low-power": 0.7]
        controls.recordedStep = "normal"
        controls.idleW = 0
        return controls
    }()
}
