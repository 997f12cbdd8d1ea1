import CGMinerJSON
import Foundation

/// Which web interface a fixture miner emulates, from the optional `"web"` object of its `fixture.json` (or a file
/// holding such an object, for emulations without a 4028 capture):
///
/// - Stock Antminer CGI, answered from recorded bytes:
///   `{"emulation": "antminer-cgi", "user": "root", "password": "root",
///     "config": "cgi-bin_get_miner_conf.cgi.sleeping.json", "set_reply": "cgi-bin_set_miner_conf.cgi.response.txt"}`
///   (`config`: the recorded get reply served until a write arrives; `set_reply`: the recorded set answer. `root` /
///   `root` is Bitmain's documented default login, ASIC-APIS.md §2.1.)
/// - VNish REST, SYNTHETIC (no VNish capture exists in the corpus):
///   `{"emulation": "vnish-SYNTHETIC", "password": "...", "preset": "3250", "presets": [...], "settings": {...}}`
///   (`presets` as `GET /api/v1/autotune/presets` lists them, `settings` as `GET /api/v1/settings` answers,
///   `preset` the one in force at start; see `Fixtures/web/vnish-s19-SYNTHETIC/README.md`).
public struct FixtureWeb: Sendable {
    /// The firmware interface emulated, with what it serves.
    public enum Emulation: Sendable {
        case antminerCGI(AntminerCGIFixture)
        case vnishSynthetic(VNishSyntheticFixture)
    }

    public var emulation: Emulation

    public init(_ emulation: Emulation) {
        self.emulation = emulation
    }

    /// The login the emulation checks, as a credentials file holds it: `user:password`, or the password alone.
    public var credentialsLine: String {
        switch emulation {
        case .antminerCGI(let fixture): "\(fixture.user):\(fixture.password)"
        case .vnishSynthetic(let fixture): fixture.password
        }
    }

    /// The `web` object of `folder/fixture.json`, files it names read from `folder`; nil when there is none.
    public static func load(folder: String) throws(FixtureError) -> FixtureWeb? {
        let manifest = URL(fileURLWithPath: folder).appendingPathComponent("fixture.json").path
        guard let web = try object(at: manifest)["web"] else { return nil }
        return try FixtureWeb(web, folder: folder, source: manifest)
    }

    /// A file that is one `web` object (`Fixtures/web/vnish-s19-SYNTHETIC/web.json`); files it names are read from
    /// its folder.
    public static func load(file: String) throws(FixtureError) -> FixtureWeb {
        let folder = URL(fileURLWithPath: file).deletingLastPathComponent().path
        return try FixtureWeb(.object(try object(at: file)), folder: folder, source: file)
    }

    init(_ web: JSONValue, folder: String, source: String) throws(FixtureError) {
        func file(_ key: String) throws(FixtureError) -> [UInt8] {
            guard let name = web[key]?.stringValue, !name.contains("/") else {
                throw FixtureError(path: source, reason: "web.\(key) must name a file in the fixture folder")
            }
            let path = URL(fileURLWithPath: folder).appendingPathComponent(name).path
            guard let data = FileManager.default.contents(atPath: path) else {
                throw FixtureError(path: path, reason: "file named by web.\(key) is missing")
            }
            return Array(data)
        }
        switch web["emulation"]?.stringValue {
        case "antminer-cgi":
            emulation = .antminerCGI(
                AntminerCGIFixture(
                    user: web["user"]?.stringValue ?? "root", password: web["password"]?.stringValue ?? "root",
                    config: try file("config"), setReply: try file("set_reply")))
        case "vnish-SYNTHETIC":
            guard let settings = web["settings"], settings.objectValue != nil, let presets = web["presets"]?.arrayValue,
                let preset = web["preset"]?.stringValue
            else {
                throw FixtureError(path: source, reason: "web needs settings (object), presets (list) and preset")
            }
            emulation = .vnishSynthetic(
                VNishSyntheticFixture(
                    password: web["password"]?.stringValue ?? "admin", preset: preset, presets: presets,
                    settings: settings))
        default:
            throw FixtureError(path: source, reason: "web.emulation must be \"antminer-cgi\" or \"vnish-SYNTHETIC\"")
        }
    }

    private static func object(at path: String) throws(FixtureError) -> [String: JSONValue] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw FixtureError(path: path, reason: "missing or unreadable")
        }
        let parsed: CGMinerJSON.Parsed
        do {
            parsed = try CGMinerJSON.parse(Array(data))
        } catch {
            throw FixtureError(path: path, reason: "not JSON: \(error)")
        }
        guard let object = parsed.value.objectValue else { throw FixtureError(path: path, reason: "not a JSON object") }
        return object
    }
}

/// A stock Antminer web interface answered from recorded bytes.
public struct AntminerCGIFixture: Sendable {
    /// The digest login the emulation accepts.
    public var user: String
    public var password: String
    /// The recorded `get_miner_conf.cgi` reply, served until a configuration is posted.
    public var config: [UInt8]
    /// The recorded `set_miner_conf.cgi` answer (`ok`).
    public var setReply: [UInt8]

    public init(user: String, password: String, config: [UInt8], setReply: [UInt8]) {
        self.user = user
        self.password = password
        self.config = config
        self.setReply = setReply
    }
}

/// A VNish REST interface made up from pyasic's code (SYNTHETIC: no VNish capture exists).
public struct VNishSyntheticFixture: Sendable {
    public var password: String
    /// The preset in force at start.
    public var preset: String
    /// As `GET /api/v1/autotune/presets` lists them.
    public var presets: [JSONValue]
    /// As `GET /api/v1/settings` answers (its `miner.overclock.preset` is replaced by the one in force).
    public var settings: JSONValue

    public init(password: String, preset: String, presets: [JSONValue], settings: JSONValue) {
        self.password = password
        self.preset = preset
        self.presets = presets
        self.settings = settings
    }
}
