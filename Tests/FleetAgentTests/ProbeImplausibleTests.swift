import Foundation
import Replay
import TestSupport
import Testing

/// `probe` (table and JSON, as the binary) over miners whose replies no real device sends: it never crashes, the
/// other miners still read, and what was dropped or escaped is shown.
@Suite struct ProbeImplausibleTests {
    /// SYNTHETIC: the recorded Whatsminer M30S folder with its summary edited by `edit`, in a temporary folder.
    static func editedWhatsminer(_ edit: (String) -> String) throws -> FixtureMiner {
        let source = PackagePaths.fixture("miners/whatsminer-m30s-btminer")
        let folder = try PackagePaths.temporaryDirectory("implausible").appendingPathComponent("SYNTHETIC-whatsminer")
        try FileManager.default.copyItem(at: source, to: folder)
        let summary = folder.appendingPathComponent("summary.json")
        let edited = edit(try String(contentsOf: summary, encoding: .utf8))
        try edited.write(to: summary, atomically: true, encoding: .utf8)
        return try FixtureMiner(folder: folder.path)
    }

    static func probe(_ miners: [FixtureMiner], json: Bool) async throws -> AgentBinary.Result {
        let server = try await FixtureMinerServer.start(miners: miners)
        let addresses = server.endpoints.map { $0.address.original }
        do {
            let result = try await AgentBinary.run(
                ["probe", "--no-gpu", "--timeout", "5"] + (json ? ["--json"] : [])
                    + addresses.flatMap { ["--miner", $0] })
            await server.close()
            return result
        } catch {
            await server.close()
            throw error
        }
    }

    /// One Whatsminer saying `Power: 1e30` used to kill the table with SIGILL before anything was printed.
    @Test func powerOf1e30NeitherCrashesTheTableNorReachesIt() async throws {
        let glitching = try Self.editedWhatsminer {
            $0.replacingOccurrences(of: #""Power":3230"#, with: #""Power":1e30"#)
        }
        let good = try FixtureMiner(folder: PackagePaths.fixture("miners/antminer-s19pro-bmminer").path)
        let table = try await Self.probe([glitching, good], json: false)
        #expect(table.status == 0, "\(table.stderr)")
        #expect(table.stdout.contains("Antminer S19 Pro"))
        #expect(table.stdout.contains("rejected power_w 1e+30: outside the plausible range 0…15000 W"))
        #expect(!table.stdout.contains("1e+30 W"))

        let json = try await Self.probe([glitching, good], json: true)
        let lines = try AgentBinary.jsonLines(json.stdout)
        #expect(lines.count == 2)
        #expect(lines[0]["power_w"] is NSNull)
        let rejected = try #require(lines[0]["rejected"] as? [[String: Any]])
        #expect(rejected.first?["field"] as? String == "power_w")
        #expect(lines[1]["status"] as? String == "ok")
    }

    /// A firmware error message carrying terminal escapes is shown escaped, in the table and in the log.
    @Test func escapesInAMinersMessageAreMadeVisible() async throws {
        let hostile = try Self.editedWhatsminer { _ in
            #"{"STATUS":[{"STATUS":"E","When":1606354856,"Code":45,"#
                + #""Msg":"\u001b[2J\u001b[31mAccess denied\u001b]0;owned\u0007","Description":"cgminer 4.9.2"}],"id":1}"#
        }
        let result = try await Self.probe([hostile], json: false)
        #expect(result.status == 0)
        #expect(!result.stdout.contains("\u{1B}") && !result.stderr.contains("\u{1B}"))
        #expect(!result.stdout.contains("\u{7}") && !result.stderr.contains("\u{7}"))
        #expect(result.stdout.contains(#"\e[2J\e[31mAccess denied\e]0;owned\x07"#), "\(result.stdout)")
        #expect(result.stderr.contains(#"\e[2J"#), "the failure is logged, escaped: \(result.stderr)")
    }
}
