import Foundation
import Logging
import TestSupport
import Testing

@testable import MinerRPC

/// Failures are logged with the miner and the reason; parameters (session ids, passwords) never are.
@Suite struct LoggingTests {
    @Test func failureIsLoggedWithAddressAndReasonButNotTheParameter() async throws {
        let captured = CapturedLog()
        let logger = Logger(label: "fleet-agent.rpc", factory: { _ in captured })
        let client = CGMinerClient(timeout: .seconds(1), logger: logger)
        let miner = try await TestMiner.start(.reply(TestMiner.errorReply(code: 45, message: "Access denied")))
        _ = try? await client.send("curtail", parameter: "SYNTHETIC-session-7f3a,sleep", to: miner.address)
        await miner.stop()
        let lines = captured.all
        #expect(lines.count == 1)
        #expect(lines.first?.hasPrefix("warning") == true)
        #expect(lines.first?.contains("Code 45") == true)
        #expect(lines.first?.contains("miner=\(miner.address)") == true)
        #expect(lines.first?.contains("command=curtail") == true)
        #expect(!lines.joined().contains("SYNTHETIC-session"))
    }

    @Test func unreachableMinerIsLoggedAtDebug() async throws {
        let captured = CapturedLog()
        let client = CGMinerClient(timeout: .seconds(1), logger: Logger(label: "t", factory: { _ in captured }))
        let refusing = try RefusingPort()
        _ = try? await client.send("summary", to: MinerAddress(host: "127.0.0.1", port: refusing.port))
        withExtendedLifetime(refusing) {}
        #expect(captured.all.count == 1)
        #expect(captured.all.first?.hasPrefix("debug miner unreachable: connection refused") == true)
    }
}

@Suite struct UnsupportedCommandLoggingTests {
    @Test func invalidCommandIsLoggedAtDebugOnly() async throws {
        let captured = CapturedLog()
        let client = CGMinerClient(timeout: .seconds(1), logger: Logger(label: "t", factory: { _ in captured }))
        let miner = try await TestMiner.start(.reply(TestMiner.errorReply(code: 14, message: "Invalid command")))
        _ = try? await client.send("tunerstatus", to: miner.address)
        await miner.stop()
        #expect(captured.all.count == 1)
        #expect(captured.all.first?.hasPrefix("debug command not supported") == true)
    }
}
