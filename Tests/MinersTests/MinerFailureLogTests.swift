import FleetCore
import Foundation
import Logging
import MinerRPC
import TestSupport
import Testing

@testable import Miners

/// A broken miner is logged once, then at intervals, then once when it recovers; its text is made visible.
@Suite struct MinerFailureLogTests {
    static let address = MinerAddress(host: "10.0.0.9")

    static func reading(_ status: DeviceStatus, _ error: String? = nil) -> Reading {
        Reading(
            time: .now(), host: "h", device: DeviceID("asic:10.0.0.9:4028")!, kind: .asic, address: "10.0.0.9:4028",
            status: status, error: error)
    }

    @Test func onceThenQuietThenRecovered() {
        let captured = CapturedLog()
        let log = MinerFailureLog(interval: .seconds(3600), logger: Logger(label: "t") { _ in captured })
        for _ in 0..<5 { log.record(Self.reading(.unreachable, "connection refused"), at: Self.address) }
        log.record(Self.reading(.ok), at: Self.address)
        log.record(Self.reading(.ok), at: Self.address)
        #expect(
            captured.messages == [
                "warning miner failed: unreachable: connection refused",
                "notice miner reads again after 5 failed reads",
            ])
    }

    @Test func remindsAtTheIntervalWithTheCount() {
        let captured = CapturedLog()
        let log = MinerFailureLog(interval: .zero, logger: Logger(label: "t") { _ in captured })
        for _ in 0..<3 { log.record(Self.reading(.error, "bad"), at: Self.address) }
        #expect(captured.messages.count == 3)
        #expect(
            captured.messages.last
                == "warning miner still failing (1 more failed reads since the last message): error: bad")
    }

    @Test func escapesFromTheMinerNeverReachTheLogRaw() {
        let captured = CapturedLog()
        let log = MinerFailureLog(logger: Logger(label: "t") { _ in captured })
        log.record(Self.reading(.error, "STATUS E: \u{1B}[2Jgone\nforged line"), at: Self.address)
        #expect(captured.messages == ["warning miner failed: error: STATUS E: \\e[2Jgone\\nforged line"])
    }
}
