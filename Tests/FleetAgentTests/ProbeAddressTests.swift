import Foundation
import Replay
import TestSupport
import Testing

/// `probe --miner` as the built binary: a form that is not HOST[:PORT] stops the probe before any miner is read.
@Suite struct ProbeAddressTests {
    /// Each refused form exits non-zero, names the option and the address, says what to write instead, and reads
    /// nothing: the good miner listed before it is never asked.
    @Test(arguments: [
        "127.0.0.1:+4028", "http://127.0.0.1:4028", "stratum+tcp://10.0.0.11:3333", "10.0.0.0/24",
        "10.0.0.11:4028:1", "10.0.0.11:70000", "[fd00::11",
    ])
    func refusedAddressStopsTheProbeBeforeAnyRead(address: String) async throws {
        let folder = PackagePaths.fixture("miners/antminer-s19pro-bmminer")
        let server = try await FixtureMinerServer.start(miners: [try FixtureMiner(folder: folder.path)])
        let result: AgentBinary.Result
        do {
            result = try await AgentBinary.run(
                ["probe", "--json", "--no-gpu", "--miner", server.endpoints[0].address.original, "--miner", address])
        } catch {
            await server.close()
            throw error
        }
        await server.close()
        #expect(result.status != 0)
        #expect(result.stderr.contains("Error: --miner: invalid miner address '\(address)': "), "\(result.stderr)")
        #expect(result.stderr.contains("write "), "\(result.stderr)")
        #expect(result.stdout.isEmpty)
        #expect(server.requestCounts.isEmpty, "\(server.requestCounts)")
    }
}
