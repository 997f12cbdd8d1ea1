import Foundation
import MinerRPC
import TestSupport
import Testing

@testable import Replay

/// Fixture miners that obey controls: recorded bytes while nothing changed, reports rewritten by the power state.
@Suite struct FixtureEmulationTests {
    static func miner(_ folder: String) throws -> FixtureMiner {
        try FixtureMiner(folder: PackagePaths.fixture("miners").appendingPathComponent(folder).path)
    }

    static func object(_ bytes: [UInt8]) throws -> [String: Any] {
        let body = bytes.last == 0 ? Array(bytes.dropLast()) : bytes
        return try #require(try JSONSerialization.jsonObject(with: Data(body)) as? [String: Any])
    }

    static func stats(_ bytes: [UInt8]) throws -> [String: Any] {
        let stats = try #require(try object(bytes)["STATS"] as? [[String: Any]])
        return try #require(stats.first { $0["GHS av"] != nil })
    }

    @Test func manifestControlsAreRead() throws {
        let controls = try #require(try Self.miner("whatsminer-m31s-btminer").controls)
        #expect(controls.family == "btminer")
        #expect(controls.synthetic?.hasPrefix("SYNTHETIC") == true)
        #expect(try Self.miner("antminer-s19pro-bmminer").controls == nil)
    }

    @Test func initialStateServesTheRecordedBytes() async throws {
        let miner = try Self.miner("whatsminer-m31s-btminer")
        let server = try await FixtureMinerServer.start(miners: [miner])
        defer { Task { await server.close() } }
        let reply = try RawSocket.exchange(
            host: "127.0.0.1", port: server.endpoints[0].address.port, request: #"{"command":"summary"}"#)
        #expect(reply == miner.replies["summary"]! + [0])
    }

    @Test func bitmainStatsScaleForTheModeAndSleep() throws {
        let recorded = try #require(try Self.miner("antminer-s19pro-bmminer").replies["stats"])
        var state = FixturePowerState.Snapshot()
        #expect(BitmainReplyScaling.rewrite(recorded, state: state) == recorded)
        state.step = "low-power"
        let low = try Self.stats(BitmainReplyScaling.rewrite(recorded, state: state))
        #expect(low["GHS av"] as? Double == 65489.89)  // 93556.98 x 0.7 (SYNTHETIC default share)
        state.asleep = true
        let asleep = try Self.stats(BitmainReplyScaling.rewrite(recorded, state: state))
        #expect(asleep["GHS av"] as? Double == 0)
        #expect(asleep["chain_rate1"] as? String == "0")
    }

    /// Another server (the Antminer web emulation) flips the shared state; the RPC side follows it.
    @Test func servedBitmainStatsFollowTheSharedState() async throws {
        let server = try await FixtureMinerServer.start(miners: [try Self.miner("antminer-s19pro-bmminer")])
        defer { Task { await server.close() } }
        server.endpoints[0].power.update { $0.asleep = true }
        let reply = try RawSocket.exchange(
            host: "127.0.0.1", port: server.endpoints[0].address.port, request: #"{"command":"stats"}"#)
        #expect(try Self.stats(reply)["GHS av"] as? Double == 0)
    }

    @Test func joinedReportsFollowTheStateAndPoolsStayRecorded() async throws {
        let miner = try Self.miner("avalon-a1566-cgminer")
        let server = try await FixtureMinerServer.start(miners: [miner])
        defer { Task { await server.close() } }
        let port = server.endpoints[0].address.port
        _ = try RawSocket.exchange(
            host: "127.0.0.1", port: port, request: #"{"command":"ascset","parameter":"0,softoff,1:0"}"#)
        #expect(server.endpoints[0].power.snapshot.asleep)
        let joined = try RawSocket.exchange(host: "127.0.0.1", port: port, request: #"{"command":"estats+pools"}"#)
        let text = String(decoding: joined, as: UTF8.self)
        #expect(text.contains("SoftOFF[1]"))
        let pools = String(decoding: miner.replies["pools"]!, as: UTF8.self)
        #expect(text.contains("\"pools\":[" + pools + "]"))
    }

    @Test func luxOSAllowsOneSessionAtATime() async throws {
        let server = try await FixtureMinerServer.start(miners: [try Self.miner("luxos-luxminer")])
        defer { Task { await server.close() } }
        let port = server.endpoints[0].address.port
        let first = try Self.object(RawSocket.exchange(host: "127.0.0.1", port: port, request: #"{"command":"logon"}"#))
        let second = try Self.object(
            RawSocket.exchange(host: "127.0.0.1", port: port, request: #"{"command":"logon"}"#))
        let id = try #require((first["SESSION"] as? [[String: Any]])?.first?["SessionID"] as? String)
        #expect(((second["STATUS"] as? [[String: Any]])?.first?["Code"] as? Int) == 402)
        _ = try RawSocket.exchange(
            host: "127.0.0.1", port: port, request: #"{"command":"logoff","parameter":"\#(id)"}"#)
        let third = try Self.object(RawSocket.exchange(host: "127.0.0.1", port: port, request: #"{"command":"logon"}"#))
        #expect(((third["STATUS"] as? [[String: Any]])?.first?["STATUS"] as? String) == "S")
    }

    @Test func requestParametersAndTheWhatsminerEnvelopeAreKept() {
        let json = FixtureRequest(bytes: Array(#"{"command":"ascset","parameter":"0,softon,1:5"}"#.utf8))
        #expect(json?.parameter == "0,softon,1:5")
        let text = FixtureRequest(bytes: Array("profileset|abc,default".utf8))
        #expect(text?.command == "profileset" && text?.parameter == "abc,default")
        let envelope = FixtureRequest(bytes: Array(#"{"enc":1,"data":"QUJD"}"#.utf8))
        #expect(envelope?.command == "enc" && envelope?.encryptedData == "QUJD")
    }
}
