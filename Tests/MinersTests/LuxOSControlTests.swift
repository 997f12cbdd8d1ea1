import FleetCore
import MinerRPC
import Testing

@testable import Miners

/// LuxOS sessions, curtail and profiles against the served LuxOS fixture (its LuxOS replies are SYNTHETIC).
@Suite struct LuxOSControlTests {
    static let folder = "luxos-luxminer"

    /// The session the miner holds open now ("" for none).
    static func openSession(_ served: ServedControlFixture) async throws -> String? {
        try await served.client.send("session", to: served.address).section("SESSION").first?["SessionID"]?
            .stringValue
    }

    @Test func curtailReadsSleepingAndLogsOff() async throws {
        try await withServed(Self.folder) { served in
            let control = LuxOSControl(endpoint: served.endpoint())
            let pools = try await served.pools()
            try await control.apply(.sleep, current: try await control.state())
            #expect(try await control.state().asleep)
            let reading = await served.reading()
            #expect(reading.status == .sleeping)
            #expect(reading.hashrateHs == 0)
            #expect(try await Self.openSession(served) == "")
            #expect(try await served.pools() == pools)
        }
    }

    @Test func profileIsSetAndReadBackAfterWaking() async throws {
        try await withServed(Self.folder) { served in
            let control = LuxOSControl(endpoint: served.endpoint())
            let pools = try await served.pools()
            try await control.apply(.sleep, current: try await control.state())
            let asleep = try await control.state()
            #expect(asleep.steps.map(\.watts) == [2650, 2950, 3250, 3550])
            try await control.apply(.step(asleep.steps[0]), current: asleep)
            let state = try await control.state()
            #expect(!state.asleep)
            #expect(state.step == "-2")
            let reading = await served.reading()
            #expect(reading.status == .ok)
            #expect(reading.powerW == 2650)
            #expect(try await Self.openSession(served) == "")
            #expect(try await served.pools() == pools)
        }
    }

    @Test func anotherSessionIsRefusedClearly() async throws {
        try await withServed(Self.folder) { served in
            let control = LuxOSControl(endpoint: served.endpoint())
            let other = try await served.client.send("logon", to: served.address).section("SESSION").first?[
                "SessionID"]?.stringValue
            let error = await controlError { () throws(MinerControlError) in
                try await control.apply(.sleep, current: try await control.state())
            }
            guard case .refused(let why) = error else {
                Issue.record("expected refused, got \(String(describing: error))")
                return
            }
            #expect(why.contains("another LuxOS session"))
            #expect(try await Self.openSession(served) == other)  // the other session was left alone
            #expect(served.power.snapshot.writes == 0)
        }
    }

    /// A privileged command the miner refuses still ends with the session logged off.
    @Test func sessionIsLoggedOffWhenTheCommandFails() async throws {
        try await withServed(Self.folder) { served in
            let control = LuxOSControl(endpoint: served.endpoint())
            var current = try await control.state()
            let ghost = PowerStep(name: "ghost", watts: 100)
            current.steps.append(ghost)
            let error = await controlError { () throws(MinerControlError) in
                try await control.apply(.step(ghost), current: current)
            }
            guard case .refused = error else {
                Issue.record("expected refused, got \(String(describing: error))")
                return
            }
            #expect(try await Self.openSession(served) == "")
        }
    }

    @Test func limitsAreUnsupported() async throws {
        try await withServed(Self.folder) { served in
            let control = LuxOSControl(endpoint: served.endpoint())
            let error = await controlError { () throws(MinerControlError) in
                try await control.apply(.limit(3000), current: try await control.state())
            }
            guard case .unsupported = error else {
                Issue.record("expected unsupported")
                return
            }
        }
    }
}
