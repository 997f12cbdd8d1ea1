import Foundation
import MinerRPC
import TestSupport
import Testing

@testable import Replay

/// The fixture miner server answers like cgminer: recorded bytes, one NUL, close.
@Suite struct FixtureMinerServerTests {
    /// A SYNTHETIC miner (made up in this test, not recorded) so these tests do not depend on any fixture folder.
    static let syntheticMiner = FixtureMiner(
        name: "synthetic-test-miner", description: "SYNTHETIC test miner",
        replies: [
            "summary": Array(
                #"{"STATUS":[{"STATUS":"S","Code":11,"Msg":"Summary","Description":"syn 1"}],"SUMMARY":[{"Elapsed":5}],"id":1}"#
                    .utf8),
            "pools": Array(
                #"{"STATUS":[{"STATUS":"S","Code":7,"Msg":"1 Pool(s)","Description":"syn 1"}],"POOLS":[],"id":1}"#.utf8),
        ], statusDescription: "syn 1")

    @Test func servesRecordedBytesFollowedByOneNUL() async throws {
        let server = try await FixtureMinerServer.start(miners: [Self.syntheticMiner])
        defer { Task { await server.close() } }
        let port = server.endpoints[0].address.port
        let reply = try RawSocket.exchange(host: "127.0.0.1", port: port, request: #"{"command":"summary"}"#)
        #expect(reply == Self.syntheticMiner.replies["summary"]! + [0])
    }

    @Test func answersTheTextFormToo() async throws {
        let server = try await FixtureMinerServer.start(miners: [Self.syntheticMiner])
        defer { Task { await server.close() } }
        let reply = try RawSocket.exchange(
            host: "127.0.0.1", port: server.endpoints[0].address.port, request: "pools|")
        #expect(reply == Self.syntheticMiner.replies["pools"]! + [0])
    }

    @Test func incompleteRequestEndedByHalfCloseGetsInvalidJSON() async throws {
        let server = try await FixtureMinerServer.start(miners: [Self.syntheticMiner])
        defer { Task { await server.close() } }
        let reply = try RawSocket.exchange(
            host: "127.0.0.1", port: server.endpoints[0].address.port, request: #"{"command":"pools""#,
            halfClose: true)
        #expect(reply.last == 0)
        #expect(String(decoding: reply, as: UTF8.self).contains(#""Code":23,"Msg":"Invalid JSON""#))
    }

    @Test func unknownCommandGetsCgminerInvalidCommandStatus() async throws {
        let server = try await FixtureMinerServer.start(miners: [Self.syntheticMiner])
        defer { Task { await server.close() } }
        let reply = try RawSocket.exchange(
            host: "127.0.0.1", port: server.endpoints[0].address.port, request: #"{"command":"estats"}"#)
        #expect(reply.last == 0)
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(reply.dropLast())) as? [String: Any])
        let status = try #require((object["STATUS"] as? [[String: Any]])?.first)
        #expect(status["STATUS"] as? String == "E")
        #expect(status["Code"] as? Int == 14)
        #expect(status["Description"] as? String == "syn 1")
    }

    @Test func joinedCommandWrapsEachRecordedReplyInAOneElementArray() async throws {
        let server = try await FixtureMinerServer.start(miners: [Self.syntheticMiner])
        defer { Task { await server.close() } }
        let reply = try RawSocket.exchange(
            host: "127.0.0.1", port: server.endpoints[0].address.port, request: #"{"command":"summary+pools+summary"}"#)
        let expected =
            #"{"summary":["# + String(decoding: Self.syntheticMiner.replies["summary"]!, as: UTF8.self)
            + #"],"pools":["# + String(decoding: Self.syntheticMiner.replies["pools"]!, as: UTF8.self) + #"],"id":1}"#
        #expect(String(decoding: reply.dropLast(), as: UTF8.self) == expected)
    }

    @Test func minerThatRefusesJoinsAnswersInvalidCommand() async throws {
        let noJoins = FixtureMiner(
            name: "synthetic-no-joins", description: "SYNTHETIC", replies: Self.syntheticMiner.replies,
            acceptsJoins: false, statusDescription: "syn 1")
        let server = try await FixtureMinerServer.start(miners: [noJoins])
        defer { Task { await server.close() } }
        let reply = try RawSocket.exchange(
            host: "127.0.0.1", port: server.endpoints[0].address.port, request: #"{"command":"summary+pools"}"#)
        #expect(String(decoding: reply, as: UTF8.self).contains(#""Code":14"#))
    }

    @Test func eachMinerOnItsOwnLoopbackAddressAtOnePort() async throws {
        let miners = [Self.syntheticMiner, Self.syntheticMiner, Self.syntheticMiner]
        // An ephemeral port per address would defeat the point; take one free port and use it on three addresses.
        let probe = try await FixtureMinerServer.start(miners: [Self.syntheticMiner])
        let port = probe.endpoints[0].address.port
        await probe.close()
        let server = try await FixtureMinerServer.start(miners: miners, layout: .loopbackHosts(port: port))
        defer { Task { await server.close() } }
        #expect(server.endpoints.map(\.address.host) == ["127.1.0.1", "127.1.0.2", "127.1.0.3"])
        for endpoint in server.endpoints {
            #expect(endpoint.address.port == port)
            let reply = try RawSocket.exchange(
                host: endpoint.address.host, port: port, request: #"{"command":"pools"}"#)
            #expect(reply == Self.syntheticMiner.replies["pools"]! + [0])
        }
    }

    @Test func loopbackLayoutSkipsNetworkAndBroadcastOctets() throws {
        #expect(try FixtureMinerServer.address(for: 253, layout: .loopbackHosts()).0 == "127.1.0.254")
        #expect(try FixtureMinerServer.address(for: 254, layout: .loopbackHosts()).0 == "127.1.1.1")
    }

    @Test func manifestNamingAMissingFileIsRejectedWithThePath() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("fixture-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data(#"{"commands":{"summary":"summary.json"}}"#.utf8).write(to: dir.appendingPathComponent("fixture.json"))
        #expect {
            try FixtureMiner(folder: dir.path)
        } throws: { error in
            "\(error)".contains("summary.json") && "\(error)".contains("missing")
        }
    }

    @Test func malformedManifestIsRejectedWithThePath() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("fixture-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data("{commands:".utf8).write(to: dir.appendingPathComponent("fixture.json"))
        #expect {
            try FixtureMiner(folder: dir.path)
        } throws: { error in
            "\(error)".contains("fixture.json") && "\(error)".contains("malformed")
        }
    }
}

/// Replies of the committed fixture folders.
@Suite struct RecordedFixtureReplyTests {
    static let miners = PackagePaths.fixture("miners")

    @Test func joinOfMoreCommandsThanRecordedReusesTheRecordedSectionsByteForByte() throws {
        let avalon = try FixtureMiner(folder: Self.miners.appendingPathComponent("avalon-1047-cgminer").path)
        let recorded = try #require(avalon.joinedReplies["pools+summary+stats"])
        let sections = try #require(JoinedReplySections.split(recorded))
        let reply = String(decoding: avalon.reply(to: "version+summary+stats+pools"), as: UTF8.self)
        #expect(reply.contains(#""summary":"# + String(decoding: sections["summary"]!, as: UTF8.self)))
        #expect(reply.contains(#""stats":"# + String(decoding: sections["stats"]!, as: UTF8.self)))
        #expect(reply.contains(#""version":[{"STATUS":[{"STATUS":"E","#))
        let object = try JSONSerialization.jsonObject(with: Data(reply.utf8)) as? [String: Any]
        #expect(object?.keys.sorted() == ["id", "pools", "stats", "summary", "version"])
        // Checked by the client's decoder too, independently of the section splitter that built the reply.
        let served = CGMinerDecoder.decodeJoined(
            commands: ["version", "summary", "stats", "pools"], bytes: Array(reply.utf8))
        let original = CGMinerDecoder.decodeJoined(commands: ["pools", "summary", "stats"], bytes: recorded)
        for command in ["summary", "stats", "pools"] {
            #expect(try served[command]?.get() == original[command]?.get(), "\(command)")
        }
        #expect(served["version"].map { (try? $0.get()) == nil } == true)
    }

    @Test func invalidCommandReplyCarriesThePrettyPrintedFirmwareDescription() throws {
        let boser = try FixtureMiner(
            folder: Self.miners.appendingPathComponent("braiins-os-boser-pypi-readme-examples").path)
        #expect(boser.statusDescription != "cgminer")
        #expect(boser.statusDescription.lowercased().contains("boser"))
    }

    /// Folders whose recorded files carry different Descriptions get the same one on every load: `version`'s, else
    /// the first command's by name (read by hand: the S9's version.json says "BOSminer+ 0.2.0-36c56a9363", its
    /// devs.json a newer "BOSminer bosminer-plus-am1-s9 0.4.0-908ca41d"; the M31S's edevs.json "btminer", its
    /// get_token.json "whatsminer v1.1").
    @Test func statusDescriptionIsChosenTheSameWayEveryTime() throws {
        let s9 = try FixtureMiner(
            folder: Self.miners.appendingPathComponent("antminer-s9-braiins-bosminer-plus").path)
        #expect(s9.statusDescription == "BOSminer+ 0.2.0-36c56a9363")
        let m31s = try FixtureMiner(folder: Self.miners.appendingPathComponent("whatsminer-m31s-btminer").path)
        #expect(m31s.statusDescription == "btminer")
    }

    /// The Description goes into the server's own error replies escaped, so they stay valid JSON whatever it holds.
    @Test func errorReplyEscapesTheDescription() throws {
        // SYNTHETIC miner with a Description that needs escaping.
        let miner = FixtureMiner(
            name: "syn", description: "SYNTHETIC", replies: [:], statusDescription: #"say "hi" \ bye"#)
        let reply = miner.reply(to: "summary", now: 5)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(reply)) as? [String: Any])
        let status = try #require((object["STATUS"] as? [[String: Any]])?.first)
        #expect(status["Description"] as? String == #"say "hi" \ bye"#)
        #expect(status["Code"] as? Int == 14 && status["When"] as? Int == 5)
    }

    @Test func everyFixtureFolderLoads() throws {
        let folders = try FileManager.default.contentsOfDirectory(atPath: Self.miners.path).sorted()
        #expect(folders.count >= 17)
        for folder in folders {
            let miner = try FixtureMiner(folder: Self.miners.appendingPathComponent(folder).path)
            #expect(!miner.replies.isEmpty || !miner.joinedReplies.isEmpty, "\(folder)")
        }
    }
}
