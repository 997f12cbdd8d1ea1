import FleetCore
import Testing

@testable import Miners

/// Whatsminer API v2 controls against the served M31S / M30S fixtures, whose emulation decrypts with the SYNTHETIC
/// password of their `controls` object.
@Suite struct WhatsminerControlTests {
    static let password = "fixture-m31s"

    @Test func powerOffReadsSleepingWithZeroHashrate() async throws {
        try await withServed("whatsminer-m31s-btminer") { served in
            let control = WhatsminerControl(endpoint: served.endpoint(password: Self.password))
            let pools = try await served.pools()
            try await control.apply(.sleep, current: try await control.state())
            #expect(try await control.state().asleep)
            let reading = await served.reading()
            #expect(reading.status == .sleeping)
            #expect(reading.hashrateHs == 0)
            #expect(reading.powerW == 14)  // idle_w
            #expect(try await served.pools() == pools)
        }
    }

    @Test func limitIsSetAndReadBackAfterWaking() async throws {
        try await withServed("whatsminer-m31s-btminer") { served in
            let control = WhatsminerControl(endpoint: served.endpoint(password: Self.password))
            let pools = try await served.pools()
            try await control.apply(.sleep, current: try await control.state())
            try await control.apply(.limit(3000), current: try await control.state())
            let state = try await control.state()
            #expect(!state.asleep)
            #expect(state.limitW == 3000)
            #expect(state.satisfies(.limit(3000)))
            let reading = await served.reading()
            #expect(reading.status == .ok)
            #expect(reading.powerLimitW == 3000)
            // MHS 1m 77909448.60 MH/s recorded at Power Limit 3600, scaled by 3000 / 3600.
            #expect(abs((reading.hashrateHs ?? 0) - 77_909_448.60e6 * 3000 / 3600) < 1e8)
            #expect(try await served.pools() == pools)
            #expect(served.power.snapshot.writes == 3)
        }
    }

    @Test func limitAboveTheNominalPowerIsRefused() async throws {
        try await withServed("whatsminer-m31s-btminer") { served in
            let control = WhatsminerControl(endpoint: served.endpoint(password: Self.password))
            let error = await controlError { () throws(MinerControlError) in
                try await control.apply(.limit(4000), current: try await control.state())
            }
            guard case .refused = error else {
                Issue.record("expected refused, got \(String(describing: error))")
                return
            }
            let after = try await control.state()
            #expect(after.limitW == 3600)
        }
    }

    @Test func wrongPasswordIsACredentialsErrorThatNeverShowsIt() async throws {
        try await withServed("whatsminer-m31s-btminer") { served in
            let control = WhatsminerControl(endpoint: served.endpoint(password: "not-the-password"))
            let error = await controlError { () throws(MinerControlError) in
                try await control.apply(.sleep, current: try await control.state())
            }
            guard case .credentials = error else {
                Issue.record("expected credentials, got \(String(describing: error))")
                return
            }
            #expect(error?.description.contains("not-the-password") == false)
            #expect(served.power.snapshot.writes == 0)
        }
    }

    @Test func missingCredentialsAskForACredentialsFile() async throws {
        try await withServed("whatsminer-m31s-btminer") { served in
            let control = WhatsminerControl(endpoint: served.endpoint())
            let error = await controlError { () throws(MinerControlError) in
                try await control.apply(.sleep, current: try await control.state())
            }
            #expect(error?.description.contains("credentials_file") == true)
        }
    }

    /// The M30S recorded no `get_token`: its emulation makes one up, and the envelope still has to be right.
    @Test func m30sWithAMadeUpTokenSleepsAndWakes() async throws {
        try await withServed("whatsminer-m30s-btminer") { served in
            let control = WhatsminerControl(endpoint: served.endpoint(password: "fixture-m30s"))
            try await control.apply(.sleep, current: try await control.state())
            #expect(await served.reading().status == .sleeping)
            try await control.apply(.limit(3600), current: try await control.state())
            let reading = await served.reading()
            #expect(reading.status == .ok)
            #expect((reading.hashrateHs ?? 0) > 0)
        }
    }

    @Test func familyHooksTheControl() async throws {
        try await withServed("whatsminer-m31s-btminer") { served in
            let control = Whatsminer.control(served.endpoint(), reading: await served.reading())
            #expect(control?.family == "btminer")
        }
    }
}
