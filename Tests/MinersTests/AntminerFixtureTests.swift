import FleetCore
import Testing

@testable import Miners

/// Stock Bitmain fixtures, field by field. Expected values were read by hand from the recorded JSON.
@Suite struct AntminerFixtureTests {
    @Test func s9BmminerRepairedStatsEstimatedPower() async throws {
        let r = try await FixtureMinerReplies("antminer-s9-bmminer").reading()
        #expect(r.status == .ok)
        #expect(r.error == nil)
        #expect(r.vendor == "Bitmain")
        #expect(r.model == "Antminer S9")  // Type "Antminer S9\nV1.3.58"
        #expect(r.firmware == "bmminer 2.0.0")
        #expect(close(r.hashrateHs, 13_883.81e9))  // "GHS 5s": "13883.81" (a string)
        #expect(close(r.hashrateAvgHs, 13_890.36e9))
        #expect(r.tempMaxC == 75)  // temp6
        #expect(r.tempBoardC == [75, 73])  // temp6, temp8 (temp7 0)
        #expect(r.tempChipC == [62, 62])  // temp2_6, temp2_8; temp2_7 = -83 is no reading
        #expect(r.tempInletC == nil)
        #expect(r.fansRPM == [3720, 2400])  // fan5, fan6
        #expect(close(r.powerW, 1360.61338))  // 98 J/TH x 13.88381 TH/s
        #expect(r.powerQuality == .estimated)
        #expect(r.powerSource == "manufacturer nameplate efficiency (J/TH)")
        #expect(r.powerLimitW == nil)
        #expect(r.device == FixtureMinerReplies.fallbackDevice)  // no miner_id in this stats
    }

    @Test func s9kCgminerVersionWithTrailingBytes() async throws {
        let r = try await FixtureMinerReplies("antminer-s9k-cgminer").reading()
        #expect(r.status == .ok)
        #expect(r.model == "Antminer S9k")
        #expect(r.firmware == "cgminer 4.9.0")
        #expect(close(r.hashrateHs, 14_359.19e9))
        #expect(close(r.hashrateAvgHs, 14_252.76e9))
        #expect(r.tempBoardC == [61, 60, 58])  // temp_pcb1..3 "25-61", "28-60", "23-58"
        #expect(r.tempChipC == [85, 84, 78])  // temp_chip1..3 "51-85", "56-84", "48-78"
        #expect(r.tempMaxC == 85)
        #expect(r.fansRPM == [2280, 3720])
        #expect(r.powerW == nil)  // no nameplate figure for the S9k in the table
        #expect(r.powerQuality == nil)
        #expect(r.device.description == "asic:810875025c20885c")
    }

    @Test func t17PlusMode254IsSleeping() async throws {
        let r = try await FixtureMinerReplies("antminer-t17plus-bmminer").reading()
        #expect(r.status == .sleeping)
        #expect(r.error == nil)
        #expect(r.model == "Antminer T17+")
        #expect(r.firmware == "bmminer 1.0.0")
        #expect(r.hashrateHs == 0)
        #expect(r.hashrateAvgHs == 0)
        #expect(r.tempMaxC == nil)  // every sensor 0 / "0-0-0-0"
        #expect(r.tempBoardC == nil)
        #expect(r.tempChipC == nil)
        #expect(r.fansRPM == nil)  // all fan slots 0
        #expect(r.powerW == nil)
        #expect(r.powerQuality == nil)
        #expect(r.device.description == "asic:8158b42429e0481c")
    }

    @Test func s17PlusMode254IsSleeping() async throws {
        let r = try await FixtureMinerReplies("antminer-s17plus-bmminer").reading()
        #expect(r.status == .sleeping)
        #expect(r.model == "Antminer S17+")
        #expect(r.firmware == "bmminer 1.0.0")
        #expect(r.hashrateHs == 0)
        #expect(r.tempMaxC == nil)
        #expect(r.fansRPM == nil)
        #expect(r.powerW == nil)
        #expect(r.device.description == "asic:8014d5842b104814")
    }

    @Test func s19AsleepFromTheWebUIReadsOkWithZeroHashrate() async throws {
        let r = try await FixtureMinerReplies("antminer-s19-bmminer").reading()
        #expect(r.status == .ok)  // Mode 2: sleep is only visible in the web configuration
        #expect(r.model == "Antminer S19")
        #expect(r.firmware == "bmminer 1.0.0")
        #expect(r.hashrateHs == 0)
        #expect(r.hashrateAvgHs == 0)
        #expect(r.tempBoardC == [40, 40])  // "39-37-40-39", "38-38-40-40"
        #expect(r.tempChipC == [40, 40])
        #expect(r.tempMaxC == 40)
        #expect(r.fansRPM == [1560, 1560, 600, 720])
        #expect(r.powerW == nil)  // nothing hashing: the nameplate table says nothing
        #expect(r.device.description == "asic:803c2c867510481c")
    }

    @Test func s19ProOverheatingCaptureB() async throws {
        let r = try await FixtureMinerReplies("antminer-s19pro-bmminer").reading()
        #expect(r.status == .ok)
        #expect(r.model == "Antminer S19 Pro")
        #expect(r.firmware == "bmminer 1.0.0")
        #expect(r.hashrateHs == 0)  // "GHS 5s": 0.0
        #expect(close(r.hashrateAvgHs, 93_556.98e9))  // rate_unit "GH"
        #expect(r.tempBoardC == [91, 85, 83])  // temp_pcb1..3
        #expect(r.tempChipC == [96, 90, 88])  // temp_chip1..3
        #expect(r.tempMaxC == 96)
        #expect(r.fansRPM == [6000, 5880, 6120, 6120])
        #expect(r.powerW == nil)
        #expect(r.powerLimitW == nil)
        #expect(r.device.description == "asic:8048ccc67510481c")
    }

    @Test func s19ProReallyColdNegativeDashTemperaturesAndEstimate() async throws {
        let r = try await FixtureMinerReplies(
            "antminer-s19pro-bmminer",
            overriding: ["version": "version.really-cold.json", "stats": "stats.really-cold.json"]
        ).reading()
        #expect(r.status == .ok)
        #expect(close(r.hashrateHs, 110_786.79e9))
        #expect(close(r.hashrateAvgHs, 111_730.11e9))
        #expect(r.tempBoardC == [22, 20, 21])  // "2--1-20-22", "2-1-20-19", "1--2-21-19"
        #expect(r.tempChipC == [27, 25, 26])  // "7-4-25-27", "7-6-25-24", "6-3-26-24"
        #expect(r.tempMaxC == 27)
        #expect(r.fansRPM == [5520, 5400, 5040, 5040])
        #expect(close(r.powerW, 3268.210305))  // 29.5 J/TH x 110.78679 TH/s
        #expect(r.powerQuality == .estimated)
        #expect(r.device.description == "asic:8060350c2b10481c")
    }

    @Test func s19ProOverheatingCaptureA() async throws {
        let r = try await FixtureMinerReplies(
            "antminer-s19pro-bmminer", overriding: ["stats": "stats.overheating-a.json"]
        ).reading()
        #expect(r.hashrateHs == 0)
        #expect(close(r.hashrateAvgHs, 737.37e9))
        #expect(r.tempChipC == [93, 94, 97])  // "80-64-93-83", "81-67-94-84", "80-66-97-87"
        #expect(r.tempMaxC == 97)
        #expect(r.fansRPM == [5160, 5280, 6240, 6120])
        #expect(r.device.description == "asic:81108c063ce4285c")
    }

    @Test func d3TruncatedJoinedReplyIsAnError() async throws {
        let miner = try FixtureMinerReplies("antminer-d3-cgminer-blissz")
        let r = await miner.reading()
        #expect(r.status == .error)
        #expect(r.error?.contains("truncated reply") == true, "\(r.error ?? "")")
        #expect(r.hashrateHs == nil)
        #expect(r.powerW == nil)
        // The truncated excerpt must fail to decode rather than be guessed at.
        if case .success = miner.answers["summary"] { Issue.record("truncated reply decoded as a success") }
    }
}
