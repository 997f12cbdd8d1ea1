import Control
import FleetCore
import Foundation
import MinerRPC
import YAMLConfig
import Yams

/// The agent's configuration file (YAML), DESIGN's "Agent config" contract. Every key but `host` has a default;
/// paths are relative to the file's folder; unknown keys and wrong types are rejected with the key's path, and a
/// file with any problem is rejected whole.
public struct AgentConfig: Sendable, Equatable {
    /// The agent's host name, in every reading.
    public var host: String
    /// One poll (and control) cycle every `interval`.
    public var interval: Duration = .seconds(10)
    /// Each miner's whole-read deadline; shorter than `interval`. Default: 3 s, or 40 % of a shorter interval.
    public var minerTimeout: Duration
    /// The miners, in order: `miners` first, then the lines of `miners_file`.
    public var miners: [MinerEntry] = []
    /// Whether to read NVML GPUs.
    public var gpus = true
    /// `libnvidia-ml.so.1` (found by the loader) or a path (FakeNVML in dry-run).
    public var nvmlLibrary = "libnvidia-ml.so.1"
    /// An `lspci -x` dump to read the PCI bus from instead of sysfs (dry-run).
    public var pciDump: String?
    /// The site plan file; nil: read only, no control.
    public var plan: String?
    /// The ledger database.
    public var ledger = "/var/lib/fleet-agent/ledger.sqlite"
    public var http = HTTPSettings()
    public var uplink = UplinkSettings()
    public var retention = RetentionSettings()
    /// How the control step paces its writes (`control`); `dry_run` comes from `run --dry-run`.
    public var control = ControlSettings()
    /// MiB of miner reply bytes all reads may hold at once.
    public var replyMemoryMiB = ReplyByteBudget.defaultBytes >> 20

    /// A configured miner: its address and, for controls, the file its credentials are read from.
    public struct MinerEntry: Sendable, Equatable {
        public var address: MinerAddress
        public var credentialsFile: String?
        /// The miner's web interface (stock Antminer, VNish), when not port 80 of its address.
        public var web: MinerAddress?

        public init(address: MinerAddress, credentialsFile: String? = nil, web: MinerAddress? = nil) {
            self.address = address
            self.credentialsFile = credentialsFile
            self.web = web
        }
    }

    public struct HTTPSettings: Sendable, Equatable {
        /// Where the API listens, as written; loopback by default.
        public var listen = "127.0.0.1:9590"
        /// `listen`'s host and port (0: any free port, printed at start).
        public var host = "127.0.0.1"
        public var port = 9590
        /// The bearer token for writes; nil: writes are refused.
        public var tokenFile: String?
        /// Whether reads may come from other hosts than the listen address's (needs a non-loopback `listen`).
        public var openReads = false
    }

    public struct UplinkSettings: Sendable, Equatable {
        /// OTLP/HTTP collector (`http://collector:4318`).
        public var otlpURL: URL?
        /// Where batches of readings are posted.
        public var readingsURL: URL?
        /// A file holding the bearer token sent with each batch (readable by the agent alone); nil: none sent.
        public var tokenFile: String?
        /// Seconds one delivery (a batch, an OTLP export) may take, answer included, before it is tried again later.
        public var timeoutSeconds = 15.0
        /// The most readings in one batch.
        public var batchReadings = 2000
    }

    public struct RetentionSettings: Sendable, Equatable {
        /// Days raw readings are kept.
        public var readingsDays = 35
        /// Days 15-minute intervals are kept.
        public var intervalsDays = 800
    }

    /// A configuration with every default, for `host` (its miners' deadline `minerTimeout`).
    public init(host: String, minerTimeout: Duration = .seconds(3)) {
        self.host = host
        self.minerTimeout = minerTimeout
    }

    /// Loads and checks `path`. Throws `ConfigError` listing every problem, each with its key path and line.
    public static func load(path: String) throws(ConfigError) -> AgentConfig {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw ConfigError(
                file: path, problems: [ConfigProblem(path: "", line: nil, reason: "cannot be read: \(error)")])
        }
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        return try parse(text, file: path, folder: folder)
    }

    /// Parses YAML `text` (named `file` in errors), resolving relative paths against `folder`.
    public static func parse(_ text: String, file: String, folder: String) throws(ConfigError) -> AgentConfig {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch {
            throw ConfigError(file: file, problems: [ConfigProblem(path: "", line: nil, reason: "not YAML: \(error)")])
        }
        var reader = ConfigReader(folder: folder)
        guard let config = reader.read(root), reader.problems.isEmpty else {
            throw ConfigError(file: file, problems: reader.problems)
        }
        return config
    }
}
