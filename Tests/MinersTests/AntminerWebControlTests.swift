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

    @Test func noCredentialsIsACredentialsErrorWithoutARequest() async throws {
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

    @Test func webServerThatIsDownIsUnreachable() async throws {
        let refusing = try RefusingPort()
        let control = AntminerWebControl(
            web: MinerWeb(
                address: MinerAddress(host: "127.0.0.1", port: refusing.port), http: .shared, timeout: .seconds(3)),
            credentials: Self.login, normalW: 3250)
        await #expect {
            _ = try await control.state()
        } throws: { error in
            if case .unreachable = error as? MinerControlError { return true }
            return false
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
