import FleetCore
import MinerRPC
import TestSupport
import Testing

@testable import Miners

/// VNish presets, sleep and wake over real HTTP against the SYNTHETIC VNish web interface
/// (`Fixtures/web/vnish-s19-SYNTHETIC/`: tuned 2400, 3250 (in force), 3600; untuned 2800).
@Suite struct VNishControlTests {
    static let login = MinerCredentials(user: nil, password: "synthetic-vnish-password")

    static func control(_ fixture: WebControlFixture, credentials: MinerCredentials? = login) -> VNishControl {
        VNishControl(web: fixture.minerWeb(), credentials: credentials)
    }

    @Test func onlyTunedPresetsAreSteps() async throws {
        try await WebControlFixture.vnishSynthetic { fixture in
            let state = try await Self.control(fixture).state()
            #expect(state.steps.map(\.name) == ["preset 2400", "preset 3250", "preset 3600"])
            #expect(state.steps.map(\.watts) == [2400, 3250, 3600])
            #expect(state.step == "preset 3250" && !state.asleep)
        }
    }

    @Test func tunedPresetIsAppliedAndReadBack() async throws {
        try await WebControlFixture.vnishSynthetic { fixture in
            let control = Self.control(fixture)
            let before = try await control.state()
            let step = try #require(before.steps.first { $0.name == "preset 2400" })
            try await control.apply(.step(step), current: before)
            let after = try await control.state()
            #expect(after.satisfies(.step(step)))
            #expect(after.preserved == before.preserved)
            #expect(fixture.power.snapshot.step == "2400")
        }
    }

    /// The firmware answers an untuned preset with the same success and keeps the old one (pyasic PR #245): apply
    /// does not throw, and the read-back shows the write did not take.
    @Test func untunedPresetReportsSuccessButStateKeepsTheOldPreset() async throws {
        try await WebControlFixture.vnishSynthetic { fixture in
            let control = Self.control(fixture)
            let before = try await control.state()
            let untuned = PowerStep(name: "preset 2800", watts: 2800)
            try await control.apply(.step(untuned), current: before)
            let after = try await control.state()
            #expect(after.step == "preset 3250")
            #expect(!after.satisfies(.step(untuned)))
            #expect(fixture.power.snapshot.writes == 0)
        }
    }

    @Test func sleepStopsMiningAndAStepStartsItAgain() async throws {
        try await WebControlFixture.vnishSynthetic { fixture in
            let control = Self.control(fixture)
            try await control.apply(.sleep, current: try await control.state())
            let asleep = try await control.state()
            #expect(asleep.asleep && asleep.satisfies(.sleep))
            #expect(fixture.power.snapshot.asleep)
            let step = try #require(asleep.steps.first { $0.name == "preset 3250" })
            try await control.apply(.step(step), current: asleep)
            let awake = try await control.state()
            #expect(!awake.asleep && awake.satisfies(.step(step)))
        }
    }

    @Test func wrongPasswordIsACredentialsError() async throws {
        try await WebControlFixture.vnishSynthetic { fixture in
            let control = Self.control(fixture, credentials: MinerCredentials(user: nil, password: "wrong"))
            await #expect {
                _ = try await control.state()
            } throws: { error in
                guard case .credentials(let why) = error as? MinerControlError else { return false }
                return !why.contains("wrong")
            }
        }
    }

    @Test func presetTheFirmwareDoesNotListIsUnsupported() async throws {
        try await WebControlFixture.vnishSynthetic { fixture in
            let control = Self.control(fixture)
            await #expect {
                try await control.apply(
                    .step(PowerStep(name: "preset 9999", watts: 9999)), current: try await control.state())
            } throws: { error in
                if case .unsupported = error as? MinerControlError { return true }
                return false
            }
        }
    }

    @Test func presetParsesWattsAndHashrateFromPretty() throws {
        let preset = try #require(
            VNishPreset(
                .object(["name": .string("3370"), "pretty": .string("3370 watt ~ 100 TH"), "status": .string("tuned")]))
        )
        #expect(preset == VNishPreset(name: "3370", watts: 3370, hashrate: 100, tuned: true))
    }
}
