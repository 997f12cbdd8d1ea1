import FleetCore
import Foundation
import MinerRPC
import NIOPosix
import Replay
import TestSupport
import Testing

@testable import Miners

/// `MinerReader` over real TCP on 127.0.0.1, against the replay server serving recorded fixtures.
@Suite struct MinerReaderTests {
    static func serve(_ folder: String) async throws -> FixtureMinerServer {
        let miner = try FixtureMiner(folder: FixtureMinerReplies.minersRoot.appendingPathComponent(folder).path)
        return try await FixtureMinerServer.start(miners: [miner])
    }

    /// A miner read once keeps the id it named itself by when a later read gets no answer: it stays one device in
    /// the ledger (silent, then a gap) instead of a second device named by its address.
    @Test func aMinerThatStopsAnsweringKeepsItsID() async throws {
        let server = try await Self.serve("antminer-s19pro-bmminer")
        let address = MinerAddress(host: "127.0.0.1", port: server.endpoints[0].address.port)
        let reader = MinerReader(client: CGMinerClient(timeout: .seconds(2)), host: "h")
        let first = await reader.read(address)
        await server.close()
        let second = await reader.read(address)
        #expect(first.status == .ok && first.device != .asic(endpoint: "127.0.0.1:\(address.port)"), "named by its id")
        #expect(second.status == .unreachable)
        #expect(second.device == first.device)
        let stranger = await MinerReader(client: CGMinerClient(timeout: .seconds(2)), host: "h").read(address)
        #expect(stranger.device == .asic(endpoint: "127.0.0.1:\(address.port)"), "never read: named by its address")
    }

    @Test func readsS19ProOverTCP() async throws {
        let server = try await Self.serve("antminer-s19pro-bmminer")
        let address = server.endpoints[0].address
        let reader = MinerReader(client: CGMinerClient(timeout: .seconds(10)), host: "test-host")
        let r = await reader.read(MinerAddress(host: "127.0.0.1", port: address.port))
        await server.close()
        #expect(r.status == .ok)
        #expect(r.host == "test-host")
        #expect(r.kind == .asic)
        #expect(r.address == "127.0.0.1:\(address.port)")
        #expect(r.model == "Antminer S19 Pro")
        #expect(r.firmware == "bmminer 1.0.0")
        #expect(close(r.hashrateAvgHs, 93_556.98e9))
        #expect(r.tempMaxC == 96)
        #expect(r.device.description == "asic:8048ccc67510481c")
    }

    @Test func readsWhatsminerWithExtraCommandsOverTCP() async throws {
        let server = try await Self.serve("whatsminer-m30s-btminer")
        let port = server.endpoints[0].address.port
        let reader = MinerReader(client: CGMinerClient(timeout: .seconds(10)), host: "test-host")
        let r = await reader.read(try MinerAddress(parsing: "127.0.0.1:\(port)"))
        await server.close()
        #expect(r.status == .ok)
        #expect(r.address == "127.0.0.1:\(port)")  // exactly as given
        #expect(r.powerW == 3230)
        #expect(r.tempChipC == [99.79, 89.14, 90.64])  // from edevs, an extra command
        #expect(r.device.description == "asic:c6:02:14:00:1f:b3")
    }

    /// Folder names listed in `Fixtures/sites/demo/site.json`.
    static func demoSiteFixtures() throws -> [String] {
        struct Site: Decodable {
            struct Miner: Decodable { var fixture: String }
            var miners: [Miner]
        }
        let url = FixtureMinerReplies.minersRoot.deletingLastPathComponent().appendingPathComponent(
            "sites/demo/site.json")
        return try JSONDecoder().decode(Site.self, from: Data(contentsOf: url)).miners.map(\.fixture)
    }

    @Test(arguments: try demoSiteFixtures())
    func demoSiteMinerReadsOkOverTCP(folder: String) async throws {
        let server = try await Self.serve(folder)
        let port = server.endpoints[0].address.port
        let reader = MinerReader(client: CGMinerClient(timeout: .seconds(10)), host: "test-host")
        let r = await reader.read(MinerAddress(host: "127.0.0.1", port: port))
        await server.close()
        #expect(r.status == .ok, "\(folder): \(r.error ?? "")")
        #expect(r.model != nil || r.firmware != nil)
        #expect(r.hashrateAvgHs != nil)
    }

    @Test func closedPortIsUnreachable() async throws {
        let refusing = try RefusingPort()
        let port = refusing.port
        let reader = MinerReader(client: CGMinerClient(timeout: .seconds(2)), host: "test-host")
        let r = await reader.read(MinerAddress(host: "127.0.0.1", port: port))
        withExtendedLifetime(refusing) {}
        #expect(r.status == .unreachable)
        #expect(r.error != nil)
        #expect(r.device.description == "asic:127.0.0.1:\(port)")
        #expect(r.hashrateHs == nil)
    }
}

/// A miner whose family is known is read in one joined request per poll (plus Whatsminer's `status`, which cannot be
/// joined), and reads the same as on the first poll. Counted on the replay server: one request is one connection.
@Suite struct KnownFamilyPollTests {
    static let base = "version+summary+stats+pools"

    @Test(arguments: [
        ("avalon-1047-cgminer", [base: 1, "estats": 1], [base + "+estats": 1]),
        (
            "whatsminer-m30s-btminer", [base: 1, "edevs+devdetails": 1, "status": 1],
            [base + "+edevs+devdetails": 1, "status": 1]
        ),
        (
            "braiins-os-plus-docs-examples", [base: 1, "devdetails": 1, "tunerstatus+temps+fans": 1],
            [base + "+tunerstatus+temps+fans+devdetails": 1]
        ),
    ])
    func secondPollAsksTheFamilysCommandsInTheFirstJoin(
        folder: String, firstPoll: [String: Int], secondPoll: [String: Int]
    ) async throws {
        let server = try await MinerReaderTests.serve(folder)
        let address = MinerAddress(host: "127.0.0.1", port: server.endpoints[0].address.port)
        let reader = MinerReader(client: CGMinerClient(timeout: .seconds(10)), host: "test-host")
        var first = await reader.read(address)
        let afterFirst = server.requestCounts
        let second = await reader.read(address)
        let afterSecond = server.requestCounts
        await server.close()
        #expect(afterFirst == firstPoll)
        #expect(afterSecond.merging(afterFirst) { $0 - $1 }.filter { $0.value > 0 } == secondPoll)
        first.time = second.time
        #expect(second == first)
    }

    /// Starts a server on an address a closed one just left: the kernel may take a moment to let it go (seen once
    /// under load as EADDRINUSE), so the bind is tried again for up to 2 s.
    static func rebinding<Server>(_ start: () async throws -> Server) async throws -> Server {
        for _ in 0..<20 {
            if let server = try? await start() { return server }
            try await Task.sleep(for: .milliseconds(100))
        }
        return try await start()
    }

    /// After a poll that got no answer the next poll asks only the base commands again: a miner that cannot take
    /// the wider join is not left failing on every poll.
    @Test func pollWithoutAnAnswerStartsTheNextFromTheBaseCommands() async throws {
        let avalon = try FixtureMiner(
            folder: FixtureMinerReplies.minersRoot.appendingPathComponent("avalon-1047-cgminer").path)
        // An address of its own (no other test uses 127.77.0.0/16), so the port is free again for each server.
        let address = MinerAddress(host: "127.77.0.1", port: 4028)
        let layout = FixtureMinerServer.Layout.consecutivePorts(host: address.host, firstPort: address.port)
        let first = try await FixtureMinerServer.start(miners: [avalon], layout: layout)
        // The whole read's deadline (two rounds here): generous for a loaded 2-core machine; the hung poll costs one.
        let reader = MinerReader(client: CGMinerClient(timeout: .seconds(2)), host: "test-host")
        #expect(await reader.read(address).status == .ok)
        await first.close()

        let hung = try await Self.rebinding {
            try await MisbehavingMinerServer.start(.hang, host: address.host, port: address.port)
        }
        #expect(await reader.read(address).status == .unreachable)
        await hung.close()

        let again = try await Self.rebinding { try await FixtureMinerServer.start(miners: [avalon], layout: layout) }
        let reading = await reader.read(address)
        let requests = again.requestCounts
        await again.close()
        #expect(reading.status == .ok)
        #expect(requests == [Self.base: 1, "estats": 1])
    }

    /// The address's firmware changed between polls (reflashed, or another miner took its IP): the old family's
    /// commands ride along once, the new family is detected and read in full, as a new reader would read it.
    @Test func firmwareChangedBetweenPollsIsReadAsTheNewFamily() async throws {
        let root = FixtureMinerReplies.minersRoot
        let avalon = try FixtureMiner(folder: root.appendingPathComponent("avalon-1047-cgminer").path)
        let whatsminer = try FixtureMiner(folder: root.appendingPathComponent("whatsminer-m30s-btminer").path)
        let address = MinerAddress(host: "127.77.0.2", port: 4028)
        let layout = FixtureMinerServer.Layout.consecutivePorts(host: address.host, firstPort: address.port)
        let before = try await FixtureMinerServer.start(miners: [avalon], layout: layout)
        let reader = MinerReader(client: CGMinerClient(timeout: .seconds(10)), host: "test-host")
        #expect(await reader.read(address).model == "AvalonMiner 1047")
        await before.close()

        let after = try await FixtureMinerServer.start(miners: [whatsminer], layout: layout)
        let changed = await reader.read(address)
        var fresh = await MinerReader(client: CGMinerClient(timeout: .seconds(10)), host: "test-host").read(address)
        let requests = after.requestCounts
        await after.close()
        #expect(requests[Self.base + "+estats"] == 1)
        #expect(requests["edevs+devdetails"] == 2 && requests["status"] == 2)
        fresh.time = changed.time
        #expect(changed == fresh)
        #expect(changed.status == .ok && changed.powerW == 3230)
    }
}

/// A miner whose firmware said nothing usable gets no `devdetails` and no family reads on top of the base read: a
/// hung or dripping one costs one connection (one deadline); one that answered the join at once but badly (garbage,
/// half a reply, a reset) gets one more connection asking a single command, to tell a firmware that cannot take
/// joins from one that answers nothing usably, and nothing more.
@Suite struct MisbehavingMinerReadTests {
    @Test(arguments: Misbehavior.allCases)
    func nothingIsAskedAfterAReadThatGotNoAnswer(behavior: Misbehavior) async throws {
        let server = try await MisbehavingMinerServer.start(behavior)
        // The whole read's deadline starts before its tasks are scheduled: generous for a loaded 2-core machine.
        let reader = MinerReader(
            client: CGMinerClient(timeout: .seconds(5), maxReplyBytes: 64 * 1024), host: "test-host")
        let reading = await reader.read(MinerAddress(host: "127.0.0.1", port: server.port))
        await server.close()
        #expect(reading.status == .unreachable || reading.status == .error)
        #expect(reading.error?.isEmpty == false)
        let expected: Int
        switch behavior {
        case .hang, .drip, .endless, .noNUL: expected = 1
        case .garbage, .halfReply, .reset: expected = 2
        }
        #expect(server.connections == expected, "\(behavior): \(reading.error ?? "")")
    }
}
