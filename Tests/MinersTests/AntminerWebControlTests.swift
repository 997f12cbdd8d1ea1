import AsyncHTTPClient
import CGMinerJSON
import FleetCore
import Foundation
import MinerRPC
import TestSupport
import Testing

@testable import Miners

/// Stock Antminer work modes over real HTTP against the fixture web server (recorded S19 configuration, digest login).
@Suite struct AntminerWebControlTests {
    static let login = MinerCredentials(user: nil, password: "root")
    static let lowPower = PowerStep(name: "low-power", watts: 3250 * AntminerModeWatts.lowPowerShare)
    static let normal = PowerStep(name: "normal", watts: 3250)

    static func control(_ fixture: WebControlFixture, credentials: MinerCredentials? = login) -> AntminerWebControl {
        AntminerWebControl(web: fixture.minerWeb(), credentials: credentials, normalW: 3250)
    }

    /// The recorded configuration's members as the control reports them.
    static func recordedMembers() throws -> [String: JSONValue] {
        let bytes = try FixtureFiles.bytes("antminer-s19-bmminer", "cgi-bin_get_miner_conf.cgi.sleeping.json")
        return try #require(try CGMinerJSON.parse(bytes).value.objectValue)
    }

    @Test func sleepIsWrittenAndReadBack() async throws {
        try await WebControlFixture.antminerS19 { fixture in
            let control = Self.control(fixture)
            try await control.apply(.step(Self.normal), current: try await control.state())
            #expect(try await control.state().asleep == false)
            try await control.apply(.sleep, current: try await control.state())
            let state = try await control.state()
            #expect(state.asleep)
            #expect(state.satisfies(.sleep))
            #expect(fixture.power.snapshot.asleep)
        }
    }

    @Test func lowPowerThenNormalAreWrittenAndReadBack() async throws {
        try await WebControlFixture.antminerS19 { fixture in
            let control = Self.control(fixture)
            try await control.apply(.step(Self.lowPower), current: try await control.state())
            let low = try await control.state()
            #expect(low.step == "low-power" && !low.asleep)
            #expect(fixture.power.snapshot.step == "low-power")
            try await control.apply(.step(Self.normal), current: low)
            let normal = try await control.state()
            #expect(normal.step == "normal" && normal.satisfies(.step(Self.normal)))
            #expect(normal.steps == [Self.lowPower, Self.normal])
        }
    }

    /// Pools, fan settings, frequency, voltage: every member of the recorded configuration survives each write; only
    /// the work mode differs, and the preserved map the control reports stays the same.
    @Test func wholeConfigurationSurvivesEveryWrite() async throws {
        try await WebControlFixture.antminerS19 { fixture in
            let control = Self.control(fixture)
            let recorded = try Self.recordedMembers()
            let before = try await control.state()
            for setting in [PowerSetting.step(Self.lowPower), .sleep, .step(Self.normal)] {
                try await control.apply(setting, current: try await control.state())
                let conf = try await control.readConf()
                var served = conf.members
                var expected = recorded
                served["bitmain-work-mode"] = nil
                expected["bitmain-work-mode"] = nil
                #expect(served == expected, "after \(setting)")
                #expect(try await control.state().preserved == before.preserved, "after \(setting)")
            }
            #expect(
                before.preserved["pools"] == recorded["pools"].map { PreservedSettings.masked($0, key: nil).jsonText })
            #expect(fixture.power.snapshot.writes == 3)
        }
    }

    @Test func preservedNeverHoldsPoolPasswords() async throws {
        try await WebControlFixture.antminerS19 { fixture in
            let pools = try #require(try await Self.control(fixture).state().preserved["pools"])
            #expect(!pools.contains(#""pass":"x""#))
            #expect(pools.contains(#""url":"aaa:700""#))
        }
    }

    @Test func wrongPasswordIsACredentialsError() async throws {
        try await WebControlFixture.antminerS19 { fixture in
            let control = Self.control(fixture, credentials: MinerCredentials(user: "root", password: "wrong"))
            await #expect {
                _ = try await control.state()
            } throws: { error in
                guard case .credentials(let why) = error as? MinerControlError else { return false }
                return !why.contains("wrong")
            }
            #expect(fixture.power.snapshot.writes == 0)
        }
    }

    @Test func noCredentialsIsACredentialsError() async throws {
        try await WebControlFixture.antminerS19 { fixture in
            let control = Self.control(fixture, credentials: nil)
            await #expect {
                _ = try await control.state()
            } throws: { error in
                if case .credentials = error as? MinerControlError { return true }
                return false
            }
        }
    }

    /// A refused connection is `.unreachable` at once when the client does not retry connecting (AsyncHTTPClient
    /// retries by default until the request's deadline, which ends in `.unreachable` too, a timeout later).
    @Test func webServerThatIsDownIsUnreachable() async throws {
        let refusing = try RefusingPort()
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool.retryConnectionEstablishment = false
        let http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        let control = AntminerWebControl(
            web: MinerWeb(
                address: MinerAddress(host: "127.0.0.1", port: refusing.port), http: http, timeout: .seconds(5)),
            credentials: Self.login, normalW: 3250)
        var outcome: MinerControlError?
        do {
            _ = try await control.state()
        } catch {
            outcome = error
        }
        try await http.shutdown()
        guard case .unreachable(let why) = outcome else {
            Issue.record("expected unreachable, got \(String(describing: outcome))")
            return
        }
        #expect(why.contains("127.0.0.1:\(refusing.port)"))
        // Milliseconds on an idle machine; not asserted (the whole suite's load once stretched it to 12 s): the
        // control step bounds every write and read back by its own device deadline.
    }

    /// The set body is the recorded request's shape (corpus `cgi-bin_set_miner_conf.cgi.REQUEST-sleep.json`): its keys
    /// with their JSON types, `miner-mode` a number, `freq-level` the get's `bitmain-freq-level`; and every other
    /// member of the configuration read.
    @Test func setBodyHasTheRecordedRequestsKeysAndTypes() throws {
        let conf = AntminerMinerConf(members: try Self.recordedMembers())
        let body = try #require(try CGMinerJSON.parse(conf.setBody(mode: .sleep)).value.objectValue)
        let request = try #require(
            try CGMinerJSON.parse(
                FixtureFiles.bytes("antminer-s19-bmminer", "cgi-bin_set_miner_conf.cgi.REQUEST-sleep.json")
            ).value.objectValue)
        for (key, value) in request {
            let sent = try #require(body[key], "\(key)")
            #expect(Self.kind(sent) == Self.kind(value), "\(key)")
        }
        #expect(body["miner-mode"] == .number(1))
        #expect(body["freq-level"] == .string("100"))
        #expect(body["bitmain-work-mode"] == nil && body["bitmain-freq-level"] == nil)
        #expect(body["bitmain-voltage"] == .string("1400") && body["api-allow"] == .string("A:0/0,W:*"))
    }

    static func kind(_ value: JSONValue) -> String {
        switch value {
        case .null: "null"
        case .bool: "bool"
        case .number: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }

    @Test func limitsAreNotSupported() async throws {
        try await WebControlFixture.antminerS19 { fixture in
            let control = Self.control(fixture)
            await #expect {
                try await control.apply(.limit(2000), current: MinerPowerState(asleep: false))
            } throws: { error in
                if case .unsupported = error as? MinerControlError { return true }
                return false
            }
            #expect(fixture.power.snapshot.writes == 0)
        }
    }

    @Test func onlyModelsWithModesGetTheControl() throws {
        let endpoint = MinerEndpoint(address: MinerAddress(host: "10.0.0.1"), rpc: CGMinerClient(), http: .shared)
        var reading = FixtureMinerReplies.blankReading()
        reading.model = "Antminer S19 Pro"
        #expect(AntminerStock.control(endpoint, reading: reading) is AntminerWebControl)
        reading.model = "Antminer S17+"
        #expect(AntminerStock.control(endpoint, reading: reading) == nil)
    }
}
