import FleetCore
import Testing

@testable import Miners

/// Avalon `ascset` soft off / on and work levels against the served A15-194 fixture.
@Suite struct AvalonControlTests {
    static let folder = "avalon-a1566-cgminer"

    @Test func stateOffersThreeEstimatedLevelsAscending() async throws {
        try await withServed(Self.folder) { served in
            let state = try await AvalonControl(endpoint: served.endpoint()).state()
            #expect(state.steps.map(\.name) == ["level 0", "level 1", "level 2"])
            #expect(state.steps.map(\.watts) == [0.8 * 3515, 0.9 * 3515, 3515])  // MPO[3515]
            #expect(state.step == "level 1")  // WORKMODE[1]
            #expect(!state.asleep)
        }
    }

    @Test func softOffReadsSleepingWithZeroHashrate() async throws {
        try await withServed(Self.folder) { served in
            let control = AvalonControl(endpoint: served.endpoint())
            let pools = try await served.pools()
            try await control.apply(.sleep, current: try await control.state())
            #expect(try await control.state().asleep)
            let reading = await served.reading()
            #expect(reading.status == .sleeping)
            #expect(reading.hashrateHs == 0)
            #expect(reading.powerW == 45)  // idle_w as WALLPOWER
            #expect(try await served.pools() == pools)
        }
    }

    @Test func levelIsSetAndReadBackAfterWaking() async throws {
        try await withServed(Self.folder) { served in
            let control = AvalonControl(endpoint: served.endpoint())
            let pools = try await served.pools()
            let before = await served.reading()
            try await control.apply(.sleep, current: try await control.state())
            let asleep = try await control.state()
            try await control.apply(.step(asleep.steps[0]), current: asleep)
            let state = try await control.state()
            #expect(!state.asleep)
            #expect(state.step == "level 0")
            #expect(state.satisfies(.step(asleep.steps[0])))
            let reading = await served.reading()
            #expect(reading.status == .ok)
            // Level 0 runs at 0.8 / 0.9 of the recorded level 1.
            #expect(abs((reading.hashrateHs ?? 0) - (before.hashrateHs ?? 0) * 0.8 / 0.9) < 1e9)
            #expect(try await served.pools() == pools)
        }
    }
}
