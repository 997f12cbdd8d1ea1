import FleetCore
import Foundation
import MinerRPC
import NIOPosix
import Replay
import Testing

@testable import Miners

/// `MinerReader` over real TCP on 127.0.0.1, against the replay server serving recorded fixtures.
@Suite struct MinerReaderTests {
    static func serve(_ folder: String) async throws -> FixtureMinerServer {
        let miner = try FixtureMiner(folder: FixtureMinerReplies.minersRoot.appendingPathComponent(folder).path)
        return try await FixtureMinerServer.start(miners: [miner])
    }

    @Test func readsS19ProOverTCP() async throws {
        let server = try await Self.serve("antminer-s19pro-bmminer")
        let address = server.endpoints[0].address
        let reader = MinerReader(client: CGMinerClient(timeout: .seconds(3)), host: "test-host")
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
        #expect(r.device == "asic:8048ccc67510481c")
    }

    @Test func readsWhatsminerWithExtraCommandsOverTCP() async throws {
        let server = try await Self.serve("whatsminer-m30s-btminer")
        let port = server.endpoints[0].address.port
        let reader = MinerReader(client: CGMinerClient(timeout: .seconds(3)), host: "test-host")
        let r = await reader.read(try MinerAddress(parsing: "127.0.0.1:\(port)"))
        await server.close()
        #expect(r.status == .ok)
        #expect(r.address == "127.0.0.1:\(port)")  // exactly as given
        #expect(r.powerW == 3230)
        #expect(r.tempChipC == [99.79, 89.14, 90.64])  // from edevs, an extra command
        #expect(r.device == "asic:c6:02:14:00:1f:b3")
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
        let reader = MinerReader(client: CGMinerClient(timeout: .seconds(3)), host: "test-host")
        let r = await reader.read(MinerAddress(host: "127.0.0.1", port: port))
        await server.close()
        #expect(r.status == .ok, "\(folder): \(r.error ?? "")")
        #expect(r.model != nil || r.firmware != nil)
        #expect(r.hashrateAvgHs != nil)
    }

    @Test func closedPortIsUnreachable() async throws {
        // Bind then close a listener to get a port that nothing listens on.
        let server = try await Self.serve("antminer-s9-bmminer")
        let port = server.endpoints[0].address.port
        await server.close()
        let reader = MinerReader(client: CGMinerClient(timeout: .seconds(2)), host: "test-host")
        let r = await reader.read(MinerAddress(host: "127.0.0.1", port: port))
        #expect(r.status == .unreachable)
        #expect(r.error != nil)
        #expect(r.device == "asic:127.0.0.1:\(port)")
        #expect(r.hashrateHs == nil)
    }
}
