import FleetCore
import MinerRPC
import Testing

@testable import Miners

/// Firmware detection from the recorded replies.
@Suite struct DetectionTests {
    static let expectedFamilies: [(String, String)] = [
        ("antminer-s9-bmminer", "bmminer"),
        ("antminer-s9k-cgminer", "bmminer"),
        ("antminer-t17plus-bmminer", "bmminer"),
        ("antminer-s17plus-bmminer", "bmminer"),
        ("antminer-s19-bmminer", "bmminer"),
        ("antminer-s19pro-bmminer", "bmminer"),
        ("antminer-s9-braiins-bosminer-plus", "braiins"),
        ("braiins-os-plus-docs-examples", "braiins"),
        ("braiins-os-boser-pypi-readme-examples", "braiins"),
        ("luxos-luxminer", "luxos"),
        ("whatsminer-m3-cgminer", "btminer"),
        ("whatsminer-m30s-btminer", "btminer"),
        ("whatsminer-m31s-btminer", "btminer"),
        ("avalon-1047-cgminer", "avalon"),
        ("avalon-8xx-cgminer", "avalon"),
        ("avalon-a1566-cgminer", "avalon"),
    ]

    @Test(arguments: expectedFamilies)
    func detectsFamilyOfFixture(folder: String, family: String) async throws {
        let (_, detected) = try await FixtureMinerReplies(folder).poll()
        #expect(detected?.name == family)
    }

    @Test func truncatedD3IsNotRecognised() async throws {
        let (_, detected) = try await FixtureMinerReplies("antminer-d3-cgminer-blissz").poll()
        #expect(detected == nil)
    }

    @Test func refusedVersionFallsBackToStatsHeader() throws {
        // version refused with the recorded Code 45 "Access denied" reply (decoded as the answer to version).
        let miner = try FixtureMinerReplies(
            "antminer-s19pro-bmminer",
            overriding: ["version": "../antminer-s9-bmminer/issue-cryptoGlance-49.config.ERROR-access-denied.json"])
        let replies = miner.read(["version", "stats"])
        #expect(replies.reply("version") == nil)
        #expect(replies["version"].map { if case .failure(let e) = $0 { e.firmwareCode == 45 } else { false } } == true)
        #expect(MinerFamilies.detect(replies)?.name == "bmminer")
        var reading = FixtureMinerReplies.blankReading()
        MinerFamilies.normalize(replies, into: &reading)
        #expect(reading.model == "Antminer S19 Pro")  // STATS[0] Type
        #expect(reading.firmware == "bmminer 1.0.0")  // STATS[0] BMMiner
    }

    @Test func refusedVersionAndSummaryOnlyStatsHeaderLeft() throws {
        let replies = try FixtureMinerReplies("antminer-s9k-cgminer").read(["summary", "stats"])
        #expect(MinerFamilies.detect(replies)?.name == "bmminer")
    }

    @Test func nothingAnsweredIsNotRecognised() {
        let refused = CGMinerError.firmwareStatus(command: "version", letter: "E", code: 14, message: "Invalid command")
        let replies = MinerReplies(["version": .failure(refused), "stats": .failure(refused)])
        #expect(MinerFamilies.detect(replies) == nil)
        var reading = FixtureMinerReplies.blankReading()
        MinerFamilies.normalize(replies, into: &reading)
        #expect(reading.status == .error)
        #expect(reading.error?.contains("Invalid command") == true)
    }

    @Test func unreachableWhenEveryCommandFailedToConnect() {
        let replies = MinerReplies(["version": .failure(.connectionRefused), "summary": .failure(.connectionRefused)])
        var reading = FixtureMinerReplies.blankReading()
        MinerFamilies.normalize(replies, into: &reading)
        #expect(reading.status == .unreachable)
        #expect(reading.error == CGMinerError.connectionRefused.description)
    }

    @Test func vnishFromSyntheticVersionType() throws {
        // SYNTHETIC: no VNish capture exists in the corpus; the Type form is the one ASIC-APIS.md describes.
        let bytes = Array(
            (#"{"STATUS":[{"STATUS":"S","When":1,"Code":22,"Msg":"BMMiner versions","Description":"bmminer 1.0.0"}],"#
                + #""VERSION":[{"BMMiner":"1.0.0","API":"3.1","Type":"Antminer S9 (vnish 3.8.6)"}],"id":1}"#)
                .utf8)
        let replies = MinerReplies(["version": .success(try CGMinerDecoder.decode(command: "version", bytes: bytes))])
        #expect(MinerFamilies.detect(replies)?.name == "vnish")
        var reading = FixtureMinerReplies.blankReading()
        MinerFamilies.normalize(replies, into: &reading)
        #expect(reading.model == "Antminer S9")
        #expect(reading.firmware == "VNish 3.8.6")
        #expect(reading.status == .error)  // no stats
    }

    @Test func registryNamesAreUnique() {
        let names = MinerFamilies.all.map { $0.name }
        #expect(Set(names).count == names.count)
        #expect(MinerFamilies.named("avalon").map(ObjectIdentifier.init) == ObjectIdentifier(Avalon.self))
    }
}
