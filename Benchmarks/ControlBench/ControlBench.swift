import Agent
import AsyncHTTPClient
import Control
import FleetCore
import Foundation
import Ledger
import Logging
import MinerRPC
import NVML
import Replay

#if canImport(Glibc)
    import Glibc
#endif

/// control-bench: from a budget change to every cap applied and read back, for one host on loopback.
///
///     control-bench [--runs R] [--fixtures DIR] [--nvml LIBRARY] [--gpus on|off]
///
/// The host: 8 FakeNVML GPUs (the 8×A100 fixture, limits journalled as a driver keeps them) and 200 fixture miners
/// served in this process, 40 each of LuxOS, Whatsminer M30S and M31S (API v2 with credentials), Avalon A1566 and a
/// stock Antminer S19 (its web interface with digest auth). They are read by the agent's own `PollCycle` and
/// controlled by its own `ControlStep`, with the actuators `DeviceActuators` builds and a real ledger (originals and
/// the audit log), as the agent runs them, but with no hold on raises and no ramp-up limit.
///
/// Each run accepts a low plan (the GPUs capped together, most miners limited or slept) and times one
/// `ControlStep.run` over the latest readings: every write sent at once and each read back. Then a high plan (no cap,
/// budget for all) and the step that brings everything back, timed the same way. The readings are taken again,
/// untimed, between steps. Prints one JSON line for one `PollCycle.read` and one for each of `drop` and `restore`:
/// the median, fastest and slowest wall time of R runs (default 5), the writes and their outcomes, the machine's load
/// average and cores. The allocation alone is `plan-bench`'s figure.
@main
enum ControlBench {
    /// The fixture families served, 40 miners each, in plan priority order (1 first), with each family's
    /// credentials file text where its controls need one.
    static let families: [(fixture: String, credentials: String?)] = [
        ("luxos-luxminer", nil),
        ("whatsminer-m30s-btminer", "fixture-m30s"),
        ("whatsminer-m31s-btminer", "fixture-m31s"),
        ("avalon-a1566-cgminer", nil),
        ("antminer-s19-bmminer", "root:root"),
    ]
    static let copies = 40
    static let gpuFixture = "gpus/a100-sxm4-80gb-node.gpu"
    /// Each GPU's cap in the low plan (the A100s run at 400 W limits).
    static let gpuCapW = 250.0

    static func main() async {
        var runs = 5
        var fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Fixtures").path
        var nvml = FakeNVMLLocator.besideExecutable()
        var gpus = true
        var arguments = CommandLine.arguments.dropFirst()
        while let flag = arguments.popFirst() {
            switch (flag, arguments.popFirst()) {
            case ("--runs", let value?) where (Int(value) ?? 0) > 0: runs = Int(value)!
            case ("--fixtures", let value?): fixtures = value
            case ("--nvml", let value?): nvml = value
            case ("--gpus", "on"): gpus = true
            case ("--gpus", "off"): gpus = false
            default:
                print("usage: control-bench [--runs R] [--fixtures DIR] [--nvml LIBRARY] [--gpus on|off]")
                exit(2)
            }
        }
        guard let nvml else {
            print(
                "control-bench: \(FakeNVMLLocator.libraryName) is not beside this binary; build it in the same "
                    + "configuration (swift build --product FakeNVML) or give --nvml")
            exit(2)
        }
        do {
            try await measure(runs: runs, fixtures: fixtures, library: nvml, gpus: gpus)
        } catch {
            print("control-bench: \(error)")
            exit(1)
        }
    }

    static func measure(runs: Int, fixtures: String, library: String, gpus: Bool) async throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let host = try await SiteHost.start(fixtures: fixtures, library: library, folder: folder, gpus: gpus)
        let ledger = try await Ledger.open(path: folder + "/ledger.sqlite")
        var web = HTTPClient.Configuration()
        web.connectionPool.retryConnectionEstablishment = false
        let http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: web)
        var settings = ControlSettings()
        settings.raiseHold = .zero
        settings.raisesPerCycle = 1000
        settings.deviceDeadline = .seconds(5)
        // States are read at warm-up and after each write; no periodic re-read inside a timed step.
        settings.refreshEvery = 1_000_000
        let cycle = await Agent.PollCycle.start(config: host.config)
        let actuators = DeviceActuators(
            cycle: cycle, config: host.config, rpc: CGMinerClient(timeout: settings.deviceDeadline), http: http)
        let plans = PlanStore(path: nil)
        var logger = Logger(label: "control-bench")
        logger.logLevel = .warning
        let step = ControlStep(
            host: host.config.host, plans: plans, ledger: ledger, settings: settings, logger: logger,
            lookup: { await actuators.lookup($0) })

        // Warm-up: families detected, actuators made, every state read, at a budget that changes nothing.
        _ = await cycle.read()
        let clock = ContinuousClock()
        let readStart = clock.now
        var readings = await cycle.read()
        let readTime = clock.now - readStart
        let site = SitePlans(readings: readings, host: host)
        try await plans.accept(site.high, source: "control-bench")
        let warmUp = await step.run(readings)
        let original = host.server.endpoints.map { Setting($0.power.snapshot) }
        print(
            "{\"figure\":\"read\",\"readings\":\(readings.count),\"ok\":\(readings.filter { $0.status == .ok }.count),"
                + "\"ms\":\(ms(readTime)),\"warm_up_writes\":\(json(warmUp.outcomes)),\"measured_w\":"
                + "\(Int(site.measuredW)),\"low_budget_w\":\(Int(site.lowBudgetW)),\(machine())}")
        // Each line out at once, also into a file or a pipe.
        fflush(nil)

        var drop = Figure(kind: "drop")
        var restore = Figure(kind: "restore")
        for _ in 0..<runs {
            try await plans.accept(site.low, source: "control-bench")
            await drop.time(step, readings, clock: clock)
            readings = await cycle.read()
            drop.note(after: readings, host: host, original: original)
            try await plans.accept(site.high, source: "control-bench")
            await restore.time(step, readings, clock: clock)
            readings = await cycle.read()
            restore.note(after: readings, host: host, original: original)
        }
        print(drop.json)
        print(restore.json)
        fflush(nil)

        try await http.shutdown()
        try await ledger.close()
        await host.close()
    }

    /// A fresh folder under the system's temporary folder.
    static func temporaryFolder() throws -> String {
        var template = Array((NSTemporaryDirectory() + "/control-bench.XXXXXX").utf8CString)
        guard let made = mkdtemp(&template) else {
            throw BenchError("cannot make a temporary folder: \(String(cString: strerror(errno)))")
        }
        return String(cString: made)
    }

    /// The machine's 1-minute load average and its online cores, as JSON fields (the figures are wall time on a
    /// shared machine), with the build configuration.
    static func machine() -> String {
        var loads = [Double](repeating: 0, count: 3)
        let load = getloadavg(&loads, 3) > 0 ? NumberText.fixed(loads[0], decimals: 2) : "null"
        #if DEBUG
            let build = "debug"
        #else
            let build = "release"
        #endif
        return "\"load_1m\":\(load),\"cores\":\(sysconf(Int32(_SC_NPROCESSORS_ONLN))),\"build\":\"\(build)\""
    }

    static func ms(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        return NumberText.fixed(Double(seconds) * 1000 + Double(attoseconds) / 1e15, decimals: 3)
    }

    /// `{"key":n,...}` with the keys sorted.
    static func json(_ counts: [String: Int]) -> String {
        "{" + counts.sorted { $0.key < $1.key }.map { "\"\($0.key)\":\($0.value)" }.joined(separator: ",") + "}"
    }
}

/// A miner's power setting as its fixture holds it (without the write count), to compare with the original.
struct Setting: Equatable {
    var asleep: Bool
    var limitW: Double?
    var step: String?

    init(_ snapshot: FixturePowerState.Snapshot) {
        asleep = snapshot.asleep
        limitW = snapshot.limitW
        step = snapshot.step
    }
}

/// One measured kind of step (`drop` or `restore`) over the runs.
struct Figure {
    let kind: String
    var times: [Duration] = []
    var applyTimes: [Duration] = []
    var writes: [Int] = []
    var outcomes: [String: Int] = [:]
    /// After the last run's step: miners asleep, miners at their original setting, the GPUs' limits as read.
    var asleep = 0
    var atOriginal = 0
    var gpuLimitsW: Set<Double> = []

    /// Times one control step over `readings`.
    mutating func time(_ step: ControlStep, _ readings: [Reading], clock: ContinuousClock) async {
        let start = clock.now
        let report = await step.run(readings)
        times.append(clock.now - start)
        applyTimes.append(report.applyDuration)
        writes.append(report.outcomes.values.reduce(0, +))
        outcomes.merge(report.outcomes, uniquingKeysWith: +)
    }

    /// Notes where the miners and GPUs are after the step (`readings` taken after it).
    mutating func note(after readings: [Reading], host: SiteHost, original: [Setting]) {
        let settings = host.server.endpoints.map { Setting($0.power.snapshot) }
        asleep = settings.filter(\.asleep).count
        atOriginal = zip(settings, original).filter { $0 == $1 }.count
        gpuLimitsW = Set(readings.filter { $0.kind == .gpu }.compactMap(\.powerLimitW))
    }

    var json: String {
        let sorted = times.sorted()
        let apply = applyTimes.sorted()
        let limits = gpuLimitsW.sorted().map { NumberText.fixed($0, decimals: 0) }.joined(separator: ",")
        return "{\"figure\":\"control_\(kind)\",\"devices\":208,\"gpus\":8,\"miners\":200,\"runs\":\(times.count),"
            + "\"median_ms\":\(ControlBench.ms(sorted[sorted.count / 2])),\"min_ms\":\(ControlBench.ms(sorted[0])),"
            + "\"max_ms\":\(ControlBench.ms(sorted[sorted.count - 1])),"
            + "\"median_apply_ms\":\(ControlBench.ms(apply[apply.count / 2])),"
            + "\"writes\":[\(writes.map(String.init).joined(separator: ","))],"
            + "\"outcomes\":\(ControlBench.json(outcomes)),\"miners_asleep\":\(asleep),"
            + "\"miners_at_original\":\(atOriginal),\"gpu_limits_w\":[\(limits)],\(ControlBench.machine())}"
    }
}

/// The served host: 200 fixture miners (the S19s with their web interfaces), a FakeNVML instance with 8 A100s, the
/// credentials files, and the agent config that names them.
struct SiteHost {
    let server: FixtureMinerServer
    let web: FixtureWebServer
    let config: AgentConfig

    static func start(fixtures: String, library: String, folder: String, gpus: Bool) async throws -> SiteHost {
        let miners = try ControlBench.families.map { family in
            try FixtureMiner(folder: fixtures + "/miners/" + family.fixture)
        }
        // Miner i is family i % 5: the families are interleaved over the ports.
        let served = (0..<ControlBench.families.count * ControlBench.copies).map {
            miners[$0 % ControlBench.families.count]
        }
        let server = try await FixtureMinerServer.start(miners: served)
        let web = try await FixtureWebServer.start(for: server, fixtures: fixtures + "/miners")
        let states = Set(server.endpoints.map { ObjectIdentifier($0.power) })
        guard states.count == server.endpoints.count else {
            throw BenchError("fixture miners share power states (\(states.count) for \(server.endpoints.count))")
        }
        var credentials: [String: String] = [:]
        for family in ControlBench.families {
            guard let text = family.credentials else { continue }
            let path = folder + "/" + family.fixture + ".credentials"
            guard FileManager.default.createFile(atPath: path, contents: Data(text.utf8)), chmod(path, 0o600) == 0
            else { throw BenchError("cannot write \(path)") }
            credentials[family.fixture] = path
        }
        let settings = FakeNVMLSettings(
            fixtures: [fixtures + "/" + ControlBench.gpuFixture], journal: folder + "/nvml-journal")
        var config = AgentConfig(host: "bench-host")
        config.nvmlLibrary = try FakeNVMLLocator.makeInstance(library: library, in: folder, settings: settings)
        config.gpus = gpus
        config.miners = try server.endpoints.map { endpoint in
            var webAddress: MinerAddress?
            if endpoint.fixture == "antminer-s19-bmminer" {
                guard let address = web.webAddress(of: endpoint.address) else {
                    throw BenchError("no web interface for \(endpoint.address)")
                }
                webAddress = address
            }
            return AgentConfig.MinerEntry(
                address: endpoint.address, credentialsFile: credentials[endpoint.fixture], web: webAddress)
        }
        return SiteHost(server: server, web: web, config: config)
    }

    func close() async {
        await web.close()
        await server.close()
    }
}

/// The plans: a high one (budget for everything, no caps: what the warm-up and every restore run under) and a low
/// one (the GPUs capped together at `ControlBench.gpuCapW`, the miners given a third of their draw, by family
/// priority: the first families run, one is limited, the rest sleep).
struct SitePlans {
    let measuredW: Double
    let lowBudgetW: Double
    let high: String
    let low: String

    init(readings: [Reading], host: SiteHost) {
        measuredW = readings.reduce(0) { $0 + ($1.powerW ?? 0) }
        let minersW = readings.filter { $0.kind != .gpu }.reduce(0) { $0 + ($1.powerW ?? 0) }
        lowBudgetW = (8 * ControlBench.gpuCapW + minersW / 3).rounded()
        // Each family's model as its miners report it, for rules by family.
        let fixtureOf = Dictionary(
            host.server.endpoints.map { ($0.address.original, $0.fixture) }, uniquingKeysWith: { first, _ in first })
        var models: [String: String] = [:]
        for reading in readings {
            if let fixture = fixtureOf[reading.address], let model = reading.model { models[fixture] = model }
        }
        let familyRules = ControlBench.families.enumerated().compactMap { index, family in
            models[family.fixture].map { "  - { model: \"\($0)\", class: flexible, priority: \(index + 1) }" }
        }
        func plan(budget: Double, gpuCap: String) -> String {
            ([
                "version: 1", "budget_w: \(Int(budget))", "devices:",
                "  - { kind: gpu, class: firm, floor_w: 100\(gpuCap), tenant: ai-lab }",
            ]
                + familyRules + ["  - { kind: asic, class: flexible, priority: 9 }"]).joined(separator: "\n") + "\n"
        }
        high = plan(budget: max(measuredW, 1) * 10, gpuCap: "")
        low = plan(budget: lowBudgetW, gpuCap: ", cap_w: \(Int(ControlBench.gpuCapW))")
    }
}

/// A setup problem (the measurement itself reports failed writes in its outcomes instead).
struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
