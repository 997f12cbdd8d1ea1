import Agent
import FleetCore
import Foundation
import TestSupport
import Testing

/// The agent's config file: DESIGN's contract parses; every problem is named with its key path and line, all at once.
@Suite struct AgentConfigTests {
    static func parse(_ text: String) throws(ConfigError) -> AgentConfig {
        try AgentConfig.parse(text, file: "/etc/fleet-agent/agent.yaml", folder: "/etc/fleet-agent")
    }

    static func problems(_ text: String) -> [String] {
        do {
            _ = try parse(text)
            return []
        } catch {
            return error.problems.map(\.description)
        }
    }

    @Test func theContractsExampleParses() throws {
        let config = try Self.parse(
            """
            host: gpu-07
            interval_s: 10                       # one poll + control cycle
            miners:                              # strings or objects
              - 10.0.0.11:4028
              - { address: 10.0.0.12, credentials_file: /etc/fleet-agent/secrets/luxos }
            gpus: true                           # read NVML
            nvml_library: libnvidia-ml.so.1      # or a path (FakeNVML in dry-run)
            plan: /etc/fleet-agent/plan.yaml     # optional; no plan = read only
            ledger: /var/lib/fleet-agent/ledger.sqlite
            http: { listen: 127.0.0.1:9590, token_file: /etc/fleet-agent/token }
            uplink: { otlp_url: http://collector:4318, readings_url: https://billing.example/ingest }
            """)
        #expect(config.host == "gpu-07")
        #expect(config.interval == .seconds(10) && config.minerTimeout == .seconds(3))
        #expect(config.miners.map(\.address.original) == ["10.0.0.11:4028", "10.0.0.12"])
        #expect(config.miners.map(\.address.port) == [4028, 4028])
        #expect(config.miners[1].credentialsFile == "/etc/fleet-agent/secrets/luxos")
        #expect(config.gpus && config.nvmlLibrary == "libnvidia-ml.so.1")
        #expect(config.plan == "/etc/fleet-agent/plan.yaml")
        #expect(config.http.listen == "127.0.0.1:9590" && config.http.tokenFile == "/etc/fleet-agent/token")
        #expect(config.uplink.otlpURL?.absoluteString == "http://collector:4318")
        #expect(config.uplink.readingsURL?.host == "billing.example")
    }

    @Test func onlyHostIsNeededAndEverythingElseHasADefault() throws {
        let config = try Self.parse("host: rig-1\n")
        #expect(config.miners.isEmpty && config.gpus && config.interval == .seconds(10))
        #expect(config.ledger == "/var/lib/fleet-agent/ledger.sqlite" && config.http.listen == "127.0.0.1:9590")
        #expect(config.plan == nil && config.uplink.otlpURL == nil && config.replyMemoryMiB == 64)
        #expect(Self.problems("interval_s: 5\n") == ["line 1: host: required: the agent's host name"])
        #expect(Self.problems("") == ["the document: empty file: at least `host` is needed"])
    }

    @Test func relativePathsAreRelativeToTheFile() throws {
        let config = try AgentConfig.parse(
            "host: demo\nledger: state/ledger.sqlite\nnvml_library: ../lib/libFakeNVML.so\nplan: plan.yaml\n",
            file: "/opt/site/agent.yaml", folder: "/opt/site")
        #expect(config.ledger == "/opt/site/state/ledger.sqlite")
        #expect(config.nvmlLibrary == "/opt/lib/libFakeNVML.so")
        #expect(config.plan == "/opt/site/plan.yaml")
    }

    @Test func unknownKeysAndWrongTypesAreNamedWithTheirPathAndLineAllAtOnce() {
        let problems = Self.problems(
            """
            host: gpu-07
            interval: 10
            gpus: "yes"
            http: { listen: 127.0.0.1:9590, tokenfile: /etc/t }
            miners:
              - 10.0.0.11:4028
              - { address: http://10.0.0.12:4028 }
              - [1, 2]
            retention: { readings_days: ten }
            """)
        #expect(problems.count == 6, "\(problems)")
        #expect(problems.contains { $0.hasPrefix("line 2: interval: unknown key (known here:") })
        #expect(problems.contains("line 3: gpus: expected true or false"))
        #expect(problems.contains { $0.hasPrefix("line 4: http.tokenfile: unknown key") })
        #expect(problems.contains { $0.hasPrefix("line 7: miners[1]: invalid miner address 'http://10.0.0.12:4028'") })
        #expect(problems.contains("line 8: miners[2]: expected HOST[:PORT] or {address: …}"))
        #expect(problems.contains("line 9: retention.readings_days: expected a whole number"))
    }

    @Test func impossibleNumbersAreRefused() {
        #expect(Self.problems("host: h\ninterval_s: 0\n") == ["line 2: interval_s: must be between 1 and 3600"])
        #expect(Self.problems("host: h\ninterval_s: .nan\n") == ["line 2: interval_s: expected a number"])
        #expect(
            Self.problems("host: h\ninterval_s: 5\ntimeout_s: 5\n") == [
                "line 3: timeout_s: must be shorter than interval_s (5.0)"
            ])
        #expect(
            Self.problems("host: h\nuplink: { otlp_url: collector:4318 }\n") == [
                "line 2: uplink.otlp_url: expected an http:// or https:// URL"
            ])
        #expect(
            Self.problems("host: h\nretention: { readings_days: 90, intervals_days: 30 }\n") == [
                "line 2: retention.intervals_days: must be at least readings_days (90)"
            ])
    }

    @Test func notYAMLOrNotAMappingIsRefused() {
        #expect(Self.problems("host: [unclosed\n").first?.hasPrefix("the document: not YAML:") == true)
        #expect(Self.problems("- just\n- a list\n") == ["line 1: the document: expected a mapping of keys"])
    }

    @Test func minersFileIsReadAfterTheListedMiners() throws {
        let folder = try PackagePaths.temporaryDirectory("config")
        try "# site A\n10.0.0.21\n10.0.0.22:4029  # rack 2\n".write(
            to: folder.appendingPathComponent("miners.txt"), atomically: true, encoding: .utf8)
        try "host: h\nminers: [10.0.0.1]\nminers_file: miners.txt\n".write(
            to: folder.appendingPathComponent("agent.yaml"), atomically: true, encoding: .utf8)
        let config = try AgentConfig.load(path: folder.appendingPathComponent("agent.yaml").path)
        #expect(config.miners.map(\.address.original) == ["10.0.0.1", "10.0.0.21", "10.0.0.22:4029"])
        let missing = Self.problems("host: h\nminers_file: /nonexistent/miners.txt\n")
        #expect(missing.count == 1 && missing[0].contains("miners_file: /nonexistent/miners.txt: cannot open"))
    }
}
