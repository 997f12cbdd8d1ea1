import FleetCore
import Miners
import Testing

@testable import Control

@Suite struct PlanStoreTests {
    static let good = "version: 1\nbudget_w: 5000\ndevices:\n  - { match: \"gpu:*\", class: firm, cap_w: 600 }\n"

    @Test func aRejectedPlanLeavesTheLastGoodOneInForce() async throws {
        let store = PlanStore(path: nil)
        let first = try await store.accept(Self.good, source: "api")
        #expect(first.plan.budgetW == 5000)
        #expect(first.version.hasPrefix("sha256:") && first.version.count == 19)
        await #expect(throws: ConfigError.self) {
            try await store.accept("version: 1\nbudget_w: -5\nbogus: 1\n", source: "api")
        }
        #expect(await store.current == first)
    }
}

/// How a miner's original setting is saved in the ledger and read back.
@Suite struct OriginalSettingTextTests {
    @Test func aStepNameWithSpacesAndTheDrawSurviveTheRoundTrip() throws {
        let state = MinerPowerState(asleep: false, step: "level 1", steps: [])
        let text = SettingText.original(state, runningW: 3731)
        #expect(text == "step 3731 level 1")
        let parsed = try #require(SettingText.parseOriginal(text))
        #expect(parsed.setting == .step("level 1") && parsed.drawW == 3731)
    }

    @Test func limitsRunningAndAsleepRoundTripAndNonsenseIsRefused() throws {
        #expect(SettingText.parseOriginal("limit 3600")?.setting == .limit(3600))
        #expect(
            SettingText.parseOriginal(SettingText.original(MinerPowerState(asleep: true), runningW: nil))?.setting
                == .asleep)
        let running = try #require(SettingText.parseOriginal("running 1400"))
        #expect(running.setting == .running && running.drawW == 1400)
        #expect(SettingText.parseOriginal("limit x") == nil && SettingText.parseOriginal("step 12") == nil)
        #expect(SettingText.parseOriginal("") == nil && SettingText.parseOriginal("warp 9") == nil)
    }
}
