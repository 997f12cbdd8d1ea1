import Control
import FleetCore
import Foundation
import MinerRPC
import YAMLConfig
import Yams

/// Walks a config document into `AgentConfig`, collecting every problem.
struct ConfigReader {
    let folder: String
    private(set) var problems: [ConfigProblem] = []

    init(folder: String) { self.folder = folder }

    mutating func read(_ root: Node?) -> AgentConfig? {
        guard let root else {
            problems.append(ConfigProblem(path: "", line: nil, reason: "empty file: at least `host` is needed"))
            return nil
        }
        var top = YAMLFields(root, path: "")
        guard top.isMapping else {
            problems += top.problems
            return nil
        }
        let host = top.string("host")
        if host == nil || host?.isEmpty == true { top.problem("host", nil, "required: the agent's host name") }
        var config = AgentConfig(host: host ?? "", minerTimeout: .seconds(3))
        let intervalS = top.number("interval_s", in: 1...3600) ?? 10
        config.interval = .milliseconds(Int64((intervalS * 1000).rounded()))
        if let timeout = top.number("timeout_s", in: 0.001...600) {
            if timeout >= intervalS { top.problem("timeout_s", nil, "must be shorter than interval_s (\(intervalS))") }
            config.minerTimeout = .milliseconds(Int64((timeout * 1000).rounded()))
        } else {
            config.minerTimeout = .milliseconds(Int64((min(3, intervalS * 0.4) * 1000).rounded()))
        }
        config.miners = miners(&top)
        if let file = top.string("miners_file") {
            let resolved = resolve(file)
            do {
                config.miners += try MinersFile.load(resolved).map { .init(address: $0, credentialsFile: nil) }
            } catch {
                top.problem("miners_file", nil, "\(error)")
            }
        }
        config.gpus = top.bool("gpus") ?? true
        if let library = top.string("nvml_library") {
            config.nvmlLibrary = library.contains("/") ? resolve(library) : library
        }
        config.pciDump = top.string("pci_dump").map(resolve)
        config.plan = top.string("plan").map(resolve)
        config.ledger = top.string("ledger").map(resolve) ?? config.ledger
        config.replyMemoryMiB = top.integer("reply_memory_mib", in: 1...65_536) ?? config.replyMemoryMiB
        config.http = http(&top)
        config.uplink = uplink(&top)
        config.retention = retention(&top)
        config.control = control(&top)
        top.finish()
        problems += top.problems
        return config
    }

    private func resolve(_ path: String) -> String {
        path.hasPrefix("/") ? path : URL(fileURLWithPath: folder).appendingPathComponent(path).standardized.path
    }

    private mutating func miners(_ top: inout YAMLFields) -> [AgentConfig.MinerEntry] {
        guard let items = top.sequence("miners") else { return [] }
        var entries: [AgentConfig.MinerEntry] = []
        for (index, item) in items.enumerated() {
            let path = "miners[\(index)]"
            var text: String?
            var credentials: String?
            var web: MinerAddress?
            switch item {
            case .scalar(let s):
                text = s.string
            case .mapping:
                var fields = YAMLFields(item, path: path)
                text = fields.string("address")
                if text == nil { fields.problem("address", item, "required") }
                credentials = fields.string("credentials_file").map(resolve)
                if let text = fields.string("web") {
                    do {
                        web = try MinerAddress(parsing: text, defaultPort: 80)
                    } catch {
                        fields.problem("web", nil, "\(error)")
                    }
                }
                fields.finish()
                top.absorb(fields)
            default:
                problems.append(
                    ConfigProblem(
                        path: path, line: YAMLFields.line(of: item), reason: "expected HOST[:PORT] or {address: …}"))
            }
            guard let text else { continue }
            do {
                entries.append(
                    .init(address: try MinerAddress(parsing: text), credentialsFile: credentials, web: web))
            } catch {
                problems.append(ConfigProblem(path: path, line: YAMLFields.line(of: item), reason: "\(error)"))
            }
        }
        return entries
    }

    private mutating func http(_ top: inout YAMLFields) -> AgentConfig.HTTPSettings {
        var settings = AgentConfig.HTTPSettings()
        var fields = YAMLFields(top.node("http"), path: "http")
        if let listen = fields.string("listen") {
            // Port 0 (any free port) is allowed here, unlike a miner's.
            let anyPort = listen.hasSuffix(":0")
            if let address = try? MinerAddress(
                parsing: anyPort ? String(listen.dropLast(2)) : listen, defaultPort: 9590)
            {
                settings.host = address.host
                settings.port = anyPort ? 0 : address.port
            } else {
                fields.problem("listen", nil, "expected HOST:PORT, e.g. 127.0.0.1:9590 (port 0: any free port)")
            }
            settings.listen = listen
        }
        settings.tokenFile = fields.string("token_file").map(resolve)
        settings.openReads = fields.bool("open_reads") ?? false
        fields.finish()
        top.absorb(fields)
        return settings
    }

    private mutating func uplink(_ top: inout YAMLFields) -> AgentConfig.UplinkSettings {
        var settings = AgentConfig.UplinkSettings()
        var fields = YAMLFields(top.node("uplink"), path: "uplink")
        settings.otlpURL = url(&fields, "otlp_url")
        settings.readingsURL = url(&fields, "readings_url")
        settings.tokenFile = fields.string("token_file").map(resolve)
        settings.timeoutSeconds = fields.number("timeout_s", in: 0.1...600) ?? settings.timeoutSeconds
        settings.batchReadings = fields.integer("batch_readings", in: 1...100_000) ?? settings.batchReadings
        fields.finish()
        top.absorb(fields)
        return settings
    }

    private func url(_ fields: inout YAMLFields, _ key: String) -> URL? {
        guard let text = fields.string(key) else { return nil }
        guard let url = URL(string: text), ["http", "https"].contains(url.scheme ?? ""), url.host != nil else {
            fields.problem(key, nil, "expected an http:// or https:// URL")
            return nil
        }
        return url
    }

    private mutating func retention(_ top: inout YAMLFields) -> AgentConfig.RetentionSettings {
        var settings = AgentConfig.RetentionSettings()
        var fields = YAMLFields(top.node("retention"), path: "retention")
        settings.readingsDays = fields.integer("readings_days", in: 1...36_500) ?? settings.readingsDays
        settings.intervalsDays = fields.integer("intervals_days", in: 1...36_500) ?? settings.intervalsDays
        if settings.intervalsDays < settings.readingsDays {
            fields.problem("intervals_days", nil, "must be at least readings_days (\(settings.readingsDays))")
        }
        fields.finish()
        top.absorb(fields)
        return settings
    }

    private mutating func control(_ top: inout YAMLFields) -> ControlSettings {
        var settings = ControlSettings()
        var fields = YAMLFields(top.node("control"), path: "control")
        if let hold = fields.number("raise_hold_s", in: 0...86_400) {
            settings.raiseHold = .milliseconds(Int64(hold * 1000))
        }
        settings.raisesPerCycle = fields.integer("raises_per_cycle", in: 1...100_000) ?? settings.raisesPerCycle
        if let deadline = fields.number("device_timeout_s", in: 0.1...120) {
            settings.deviceDeadline = .milliseconds(Int64(deadline * 1000))
        }
        if let retry = fields.number("retry_s", in: 0...3600) {
            settings.retryBase = .milliseconds(Int64(retry * 1000))
        }
        fields.finish()
        top.absorb(fields)
        return settings
    }
}
