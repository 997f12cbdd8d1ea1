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

/// What a device's controls report is screened before it is used (`PowerStateScreen`).
@Suite struct PowerStateScreenTests {
    @Test func impossibleLimitsRangesAndStepsAreDroppedWithTheirReason() {
        let state = MinerPowerState(
            asleep: false, limitW: .nan,
            steps: [PowerStep(name: "low", watts: 2800), PowerStep(name: "silly", watts: 1e9)], takesLimits: true,
            minW: 4000, maxW: 3000)
        let (kept, dropped) = PowerStateScreen.screened(state, kind: .asic)
        #expect(kept.limitW == nil && kept.minW == nil && kept.maxW == nil)
        #expect(kept.steps == [PowerStep(name: "low", watts: 2800)])
        #expect(
            dropped == ["limit nan", "range 4000.0-3000.0 (minimum above maximum)", "step silly at 1000000000.0 W"])
    }

    @Test func aGPUAbove2kWOrAtZeroIsNotPlausibleAndAPlausibleStateIsKeptWhole() {
        let gpu = MinerPowerState(asleep: false, limitW: 0, takesLimits: true, minW: 100, maxW: 5000)
        let (kept, dropped) = PowerStateScreen.screened(gpu, kind: .gpu)
        #expect(kept.limitW == nil && kept.maxW == nil && kept.minW == 100)
        #expect(dropped == ["limit 0.0", "maximum 5000.0"])
        let fine = MinerPowerState(asleep: false, limitW: 400, takesLimits: true, minW: 100, maxW: 400)
        #expect(PowerStateScreen.screened(fine, kind: .gpu).state == fine)
        #expect(PowerStateScreen.screened(fine, kind: .gpu).dropped.isEmpty)
    }
}
