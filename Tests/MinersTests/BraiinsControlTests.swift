import FleetCore
import Testing

@testable import Miners

/// BOSminer `pause` / `resume` against the served S9 Braiins OS+ fixture.
@Suite struct BraiinsControlTests {
    static let folder = "antminer-s9-braiins-bosminer-plus"

    @Test func pauseReadsSleepingWithZeroHashrate() async throws {
        try await withServed(Self.folder) { served in
            let control = BraiinsControl(endpoint: served.endpoint())
            let pools = try await served.pools()
            #expect(try await control.state().asleep == false)
            try await control.apply(.sleep, current: try await control.state())
            #expect(try await control.state().asleep)
            let reading = await served.reading()
            #expect(reading.status == .sleeping)
            #expect(reading.hashrateHs == 0)
            #expect(try await served.pools() == pools)
        }
    }

    /// A limit wakes a paused miner, then says the target itself is not settable over 4028.
    @Test func limitResumesThenIsUnsupported() async throws {
        try await withServed(Self.folder) { served in
            let control = BraiinsControl(endpoint: served.endpoint())
            let pools = try await served.pools()
            try await control.apply(.sleep, current: try await control.state())
            let error = await controlError { () throws(MinerControlError) in
                try await control.apply(.limit(1200), current: try await control.state())
            }
            guard case .unsupported(let why) = error else {
                Issue.record("expected unsupported, got \(String(describing: error))")
                return
            }
            #expect(why.contains("bosminer.toml"))
            #expect(try await control.state().asleep == false)
            let reading = await served.reading()
            #expect(reading.status == .ok)
            #expect(reading.hashrateHs == 13_967_276.98800245e6)  // the recorded bytes again
            #expect(try await served.pools() == pools)
        }
    }

    @Test func stepsAreUnsupported() async throws {
        try await withServed(Self.folder) { served in
            let control = BraiinsControl(endpoint: served.endpoint())
            let error = await controlError { () throws(MinerControlError) in
                try await control.apply(.step(PowerStep(name: "x", watts: 1)), current: try await control.state())
            }
            guard case .unsupported = error else {
                Issue.record("expected unsupported")
                return
            }
            #expect(served.power.snapshot.writes == 0)
        }
    }
}
