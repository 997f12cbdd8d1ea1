import Agent
import FleetCore
import Foundation
import Ledger
import MinerRPC
import Replay
import TestSupport
import Testing

/// Two miners that report the same MAC (one recorded reply served from two addresses, as a cloned control board
/// answers): each is identified by its address, and the ledger stores the whole cycle.
@Suite struct MinerIdentityClashTests {
    @Test func minersSharingAMACAreIdentifiedByAddressAndTheCycleIsStored() async throws {
        let folder = PackagePaths.fixture("miners/antminer-s19pro-bmminer").path
        let twins = try await FixtureMinerServer.start(miners: [
            FixtureMiner(folder: folder), FixtureMiner(folder: folder),
        ])
        let other = try await FixtureMinerServer.start(miners: [
            FixtureMiner(folder: PackagePaths.fixture("miners/whatsminer-m30s-btminer").path)
        ])
        let addresses = (twins.endpoints + other.endpoints).map(\.address)
        let cycle = PollCycle(
            host: "h", addresses: addresses + [addresses[0]],
            sweep: MinerSweep(client: CGMinerClient(timeout: .seconds(10)), host: "h"), gpus: nil)
        let readings = await cycle.read()
        await twins.close()
        await other.close()

        #expect(readings.count == 3, "the address listed twice is read into one reading")
        #expect(cycle.problems.contains { $0.contains("is configured more than once; it is read once") })
        #expect(readings.allSatisfy { $0.status == .ok })
        let ids = readings.map(\.device.description)
        #expect(Set(ids).count == 3, "\(ids)")
        #expect(ids[0] == "asic:\(addresses[0].host):\(addresses[0].port)")
        #expect(ids[1] == "asic:\(addresses[1].host):\(addresses[1].port)")
        #expect(!ids[2].hasPrefix("asic:127.0.0.1"), "a miner with an id of its own keeps it: \(ids[2])")

        let scratch = try PackagePaths.temporaryDirectory("clash")
        let ledger = try await Ledger.open(path: scratch.appendingPathComponent("l.sqlite").path)
        let stored = try await ledger.append(
            cycle: .init(time: .now(), interval: .seconds(10), readings: readings.map { .init($0) }))
        try await ledger.close()
        #expect(stored.readings.count == 3)
    }
}
