import Agent
import FleetCore
import Foundation
import MinerRPC
import NVML
import Replay
import Synchronization
import TestSupport
import Testing

/// The agent's sweeps, as library calls (no binary): readings in the order asked, GPUs off the cooperative pool.
@Suite struct MinerSweepTests {
    @Test func readingsComeBackInTheOrderAskedWithEveryMinerRead() async throws {
        let folders = ["antminer-s19pro-bmminer", "whatsminer-m30s-btminer", "avalon-1047-cgminer"]
        let miners = try folders.map { try FixtureMiner(folder: PackagePaths.fixture("miners/\($0)").path) }
        let server = try await FixtureMinerServer.start(miners: miners)
        let refused = try RefusingPort()
        let addresses =
            server.endpoints.map(\.address) + [MinerAddress(host: "127.0.0.1", port: refused.port)]
            + server.endpoints.reversed().map(\.address)
        let readings = await MinerSweep(client: CGMinerClient(timeout: .seconds(10)), host: "h").read(addresses)
        await server.close()
        withExtendedLifetime(refused) {}
        #expect(readings.map(\.address) == addresses.map(\.original))
        #expect(readings.map(\.status) == [.ok, .ok, .ok, .unreachable, .ok, .ok, .ok])
        #expect(readings[0].model == "Antminer S19 Pro" && readings[6].model == "Antminer S19 Pro")
    }

    @Test func theSweepIsAsWideAsHalfTheSocketPermits() {
        let sweep = MinerSweep(client: CGMinerClient(sockets: SocketPermits(count: 300)), host: "h")
        #expect(sweep.width == 150)
    }
}

@Suite struct BlockingLaneTests {
    @Test func workRunsOnTheLanesQueueNotTheCooperativePool() async {
        let lane = BlockingLane(label: "test")
        let queue = lane.queue
        let value = await lane.run { () -> Int in
            dispatchPrecondition(condition: .onQueue(queue))
            return 42
        }
        #expect(value == 42)
    }

    /// More blocked lanes than the cooperative pool has threads (one per core): a task on the pool must still run
    /// to release them. Were the work on the pool, its threads would all be waiting and every wait would time out.
    @Test func blockedLanesLeaveTheCooperativePoolFree() async {
        let released = DispatchSemaphore(value: 0)
        let lanes = (0..<(ProcessInfo.processInfo.activeProcessorCount + 2)).map { BlockingLane(label: "test-\($0)") }
        let outcomes = await withTaskGroup(of: DispatchTimeoutResult.self) { group in
            for lane in lanes {
                group.addTask { await lane.run { released.wait(timeout: .now() + 10) } }
            }
            group.addTask {
                try? await Task.sleep(for: .milliseconds(50))
                for _ in lanes { released.signal() }
                return .success
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(outcomes.count == lanes.count + 1)
        #expect(outcomes.allSatisfy { $0 == .success })
    }
}

/// One real poll cycle: fixture miners over TCP and FakeNVML GPUs through the real dlopen path, read at once.
@Suite struct PollCycleTests {
    @Test func aCycleReadsEveryMinerAndEveryGPU() async throws {
        let miners = try ["antminer-s19pro-bmminer", "whatsminer-m30s-btminer"].map {
            try FixtureMiner(folder: PackagePaths.fixture("miners/\($0)").path)
        }
        let server = try await FixtureMinerServer.start(miners: miners)
        let library = try #require(FakeNVMLLocator.besideExecutable(), "build the package first (swift build)")
        let folder = try PackagePaths.temporaryDirectory("cycle")
        let settings = FakeNVMLSettings(fixtures: [PackagePaths.fixture("gpus/h100-sxm5-80gb-load.gpu").path])
        let nvml = try FakeNVMLLocator.makeInstance(library: library, in: folder.path, settings: settings)
        var config = AgentConfig(host: "rig-1", minerTimeout: .seconds(10))
        config.miners = server.endpoints.map { .init(address: $0.address, credentialsFile: nil) }
        config.nvmlLibrary = nvml
        let cycle = await PollCycle.start(config: config)
        let first = await cycle.read()
        let second = await cycle.read()
        await server.close()
        #expect(first.map(\.kind) == [.asic, .asic, .gpu])
        #expect(first.map(\.status) == [.ok, .ok, .ok])
        #expect(first.allSatisfy { $0.host == "rig-1" })
        #expect(second.map(\.device) == first.map(\.device))
        #expect(cycle.problems.isEmpty)
    }
}

/// A sweep's admission: miners that answer are read a bounded number at a time; a silent miner gives its place away.
@Suite struct ReadAdmissionTests {
    /// One place only: the hung miner, asked first, goes quiet after 100 ms and the good miner is read meanwhile,
    /// not after the hung one's 3 s deadline.
    @Test func aQuietMinerGivesItsPlaceToTheNextRead() async throws {
        let hung = try await MisbehavingMinerServer.start(.hang)
        let good = try await FixtureMinerServer.start(miners: [
            try FixtureMiner(folder: PackagePaths.fixture("miners/antminer-s19pro-bmminer").path)
        ])
        let sweep = MinerSweep(
            client: CGMinerClient(timeout: .seconds(3)), host: "h", admission: ReadAdmission(width: 1))
        let readings = await sweep.read([MinerAddress(host: "127.0.0.1", port: hung.port), good.endpoints[0].address])
        await hung.close()
        await good.close()
        #expect(readings.map(\.status) == [.unreachable, .ok])
        let startedAfter = readings[1].time.millisecondsSinceEpoch - readings[0].time.millisecondsSinceEpoch
        #expect(startedAfter < 1_500, "the good miner waited \(startedAfter) ms for the hung one")
    }

    /// A ticket released twice gives back one place: with one place, a second reader still waits.
    @Test func aPlaceIsGivenBackOnce() async throws {
        let admission = ReadAdmission(width: 1)
        let first = await admission.admit()
        first.release()
        first.release()
        let second = await admission.admit()
        let admitted = Mutex(false)
        let third = Task {
            let ticket = await admission.admit()
            admitted.withLock { $0 = true }
            ticket.release()
        }
        try await Task.sleep(for: .milliseconds(100))
        #expect(!admitted.withLock { $0 }, "two places after one was given back twice")
        second.release()
        await third.value
        #expect(admitted.withLock { $0 })
    }
}
