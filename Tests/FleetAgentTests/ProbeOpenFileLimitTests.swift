import Foundation
import Replay
import TestSupport
import Testing

/// A sweep wider than the open-file limit allows must not fail miners for want of a socket.
@Suite struct ProbeOpenFileLimitTests {
    @Test func probeOfManyMinersUnderALowOpenFileLimitReadsThemAll() async throws {
        let root = PackagePaths.fixture("miners")
        let folders = ["antminer-s19pro-bmminer", "whatsminer-m30s-btminer", "avalon-a1566-cgminer"]
        let miners = try folders.map { try FixtureMiner(folder: root.appendingPathComponent($0).path) }
        let server = try await FixtureMinerServer.start(miners: Array(repeating: miners, count: 100).flatMap { $0 })
        let addresses = server.endpoints.map(\.address.original)
        let result: AgentBinary.Result
        do {
            // 256 descriptors: 1,024 reads in flight at up to 8 sockets each would run out at once.
            result = try await AgentBinary.run(
                ["probe", "--json", "--no-gpu"] + addresses.flatMap { ["--miner", $0] }, openFileLimit: 256)
        } catch {
            await server.close()
            throw error
        }
        await server.close()
        #expect(result.status == 0, "\(result.stderr)")
        let lines = try AgentBinary.jsonLines(result.stdout)
        #expect(lines.count == 300)
        let failed = lines.filter { $0["status"] as? String != "ok" }
        #expect(failed.isEmpty, "\(failed.count) not ok, first: \(failed.first.map { "\($0)" } ?? "")")
    }
}
