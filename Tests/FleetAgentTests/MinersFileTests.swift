import Foundation
import Replay
import TestSupport
import Testing

/// `probe --miners-file` as the built binary.
@Suite struct MinersFileTests {
    static func write(_ text: String) throws -> URL {
        let file = try PackagePaths.temporaryDirectory("miners-file").appendingPathComponent("miners.txt")
        try text.write(to: file, atomically: true, encoding: .utf8)
        return file
    }

    /// The file's addresses (comments, blank lines and spaces dropped) are read after the `--miner` ones, in order.
    @Test func fileAddressesFollowTheMinerOptions() async throws {
        let refusing = try (0..<3).map { _ in try RefusingPort() }
        let ports = refusing.map(\.port)
        let file = try Self.write(
            "# rack 2\n  127.0.0.1:\(ports[1])   # first\n\n\t127.0.0.1:\(ports[2])\n# 127.0.0.1:1\n")
        let result = try await AgentBinary.run([
            "probe", "--json", "--no-gpu", "--timeout", "1", "--miners-file", file.path, "--miner",
            "127.0.0.1:\(ports[0])",
        ])
        withExtendedLifetime(refusing) {}
        #expect(result.status == 0, "\(result.stderr)")
        let lines = try AgentBinary.jsonLines(result.stdout)
        #expect(lines.map { $0["address"] as? String } == ports.map { "127.0.0.1:\($0)" })
        #expect(lines.allSatisfy { $0["status"] as? String == "unreachable" })
    }

    /// A bad line stops the probe before any miner is read, and the error names the file and the line.
    @Test func badLineIsRefusedWithFileAndLineBeforeAnyRead() async throws {
        let folder = PackagePaths.fixture("miners/antminer-s19pro-bmminer")
        let server = try await FixtureMinerServer.start(miners: [try FixtureMiner(folder: folder.path)])
        let good = server.endpoints[0].address.original
        let result: AgentBinary.Result
        let file: URL
        do {
            file = try Self.write("# rack 2\n\(good)\n127.0.0.1:+4028 # signed\n")
            result = try await AgentBinary.run(["probe", "--json", "--no-gpu", "--miners-file", file.path])
        } catch {
            await server.close()
            throw error
        }
        await server.close()
        #expect(result.status != 0)
        #expect(
            result.stderr.contains(
                "Error: \(file.path):3: invalid miner address '127.0.0.1:+4028': port '+4028' is not a number"),
            "\(result.stderr)")
        #expect(result.stdout.isEmpty)
        #expect(server.requestCounts.isEmpty, "\(server.requestCounts)")
    }

    /// A file that is not there, or is a folder, is refused with the system's reason and the path.
    @Test func unreadableFileIsRefused() async throws {
        let folder = try PackagePaths.temporaryDirectory("miners-file")
        let missing = folder.appendingPathComponent("absent.txt").path
        let cases = [(missing, "cannot open: No such file or directory"), (folder.path, "cannot read: Is a directory")]
        for (path, reason) in cases {
            let result = try await AgentBinary.run(["probe", "--no-gpu", "--miners-file", path])
            #expect(result.status != 0)
            #expect(result.stderr.contains("Error: \(path): \(reason)"), "\(result.stderr)")
        }
    }

    /// A file in another encoding than UTF-8 is refused rather than read as something else.
    @Test func fileThatIsNotUTF8IsRefused() async throws {
        let file = try Self.write("")
        try Data([0x31, 0x30, 0x2E, 0xFF, 0x0A]).write(to: file)
        let result = try await AgentBinary.run(["probe", "--no-gpu", "--miners-file", file.path])
        #expect(result.status != 0)
        #expect(result.stderr.contains("Error: \(file.path): not UTF-8 text"), "\(result.stderr)")
    }
}
