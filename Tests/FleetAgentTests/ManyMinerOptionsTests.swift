import Foundation
import TestSupport
import Testing

/// `probe --miner` repeated thousands of times, and the two ways of writing it, as the built binary.
@Suite struct ManyMinerOptionsTests {
    /// 20,000 options are all parsed (the last one is the bad one the error names) in seconds: swift-argument-parser
    /// alone took 50 s of CPU for 5,000 and time quadratic in their number.
    @Test func twentyThousandMinerOptionsParseInSeconds() async throws {
        let good = (0..<20_000).flatMap { ["--miner", "10.\($0 / 256 % 256).\($0 % 256).1:4028"] }
        let result = try await AgentBinary.run(["probe", "--no-gpu", "--json"] + good + ["--miner", "last:+1"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("invalid miner address 'last:+1'"), "\(result.stderr.prefix(500))")
        #expect(result.seconds < 10, "took \(result.seconds) s")
    }

    /// `--miner X` and `--miner=X` both work, mixed with other options, and the readings keep the order given.
    @Test func bothFormsAreReadInTheOrderGiven() async throws {
        let refusing = try (0..<4).map { _ in try RefusingPort() }
        let addresses = refusing.map { "127.0.0.1:\($0.port)" }
        let result = try await AgentBinary.run([
            "probe", "--miner", addresses[0], "--json", "--miner=\(addresses[1])", "--no-gpu", "--miner",
            addresses[2], "--timeout", "1", "--miner=\(addresses[3])",
        ])
        withExtendedLifetime(refusing) {}
        #expect(result.status == 0, "\(result.stderr)")
        let lines = try AgentBinary.jsonLines(result.stdout)
        #expect(lines.map { $0["address"] as? String } == addresses)
    }

    /// `--miner` with no value is still the parser's usage error, naming the option.
    @Test func minerWithoutValueIsAUsageError() async throws {
        let result = try await AgentBinary.run(["probe", "--no-gpu", "--miner", "10.0.0.11", "--miner"])
        #expect(result.status == 64)
        #expect(result.stderr.contains("Missing value for '--miner <host[:port]>'"), "\(result.stderr)")
    }

    /// The help still lists both options with their value names.
    @Test func helpListsTheMinerOptions() async throws {
        let result = try await AgentBinary.run(["probe", "--miner", "10.0.0.11", "--help"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("[--miner <host[:port]> ...] [--miners-file <file>]"), "\(result.stdout)")
        #expect(result.stdout.contains("--miner <host[:port]>   A miner's RPC address"), "\(result.stdout)")
    }
}
