import FleetCore
import Testing

@testable import Miners

/// Braiins OS and LuxOS fixtures, field by field (values read by hand from the recorded JSON).
@Suite struct BraiinsLuxOSFixtureTests {
    @Test func s9BOSminerPlusSummaryTempsFans() async throws {
        let r = try await FixtureMinerReplies("antminer-s9-braiins-bosminer-plus").reading()
        #expect(r.status == .ok)
        #expect(r.error == nil)
        #expect(r.vendor == "Bitmain")
        #expect(r.model == nil)  // neither version nor summary names the model
        #expect(r.firmware == "BOSminer+ 0.2.0-36c56a9363")
        #expect(close(r.hashrateHs, 13_967_276.98800245e6))  // "MHS 1m", MH/s
        #expect(close(r.hashrateAvgHs, 11_988_299.650652435e6))  // "MHS av"
        #expect(r.tempBoardC == [75, 63, 70])  // TEMPS Board
        #expect(r.tempChipC == nil)  // Chip 0.0 = not measured
        #expect(r.tempMaxC == 75)
        #expect(r.fansRPM == [2820, 3780])  // fans 2 and 3 at 0 RPM dropped
        #expect(r.powerW == nil)  // no tunerstatus recorded, no model for an estimate
        #expect(r.powerQuality == nil)
        #expect(r.powerLimitW == nil)
        #expect(r.device == FixtureMinerReplies.fallbackDevice)
    }

    @Test func bosminerDocsTunerstatusPowerFoundThroughDevdetails() async throws {
        let miner = try FixtureMinerReplies("braiins-os-plus-docs-examples")
        let (replies, family) = await miner.poll()
        #expect(family?.name == "braiins")
        #expect(replies["devdetails"] != nil)  // version refused: identified from devdetails
        let r = await miner.reading()
        #expect(r.status == .error)  // the docs have no summary: hashrate unknown
        #expect(r.error?.contains("summary") == true)
        #expect(r.hashrateHs == nil)
        #expect(r.model == "Antminer S9")  // devdetails "Bitmain Antminer S9"
        #expect(r.firmware == "BOSminer+ 0.2.0-ea64aec8e")
        #expect(r.powerW == 1419)  // ApproximateMinerPowerConsumption
        #expect(r.powerQuality == .reported)
        #expect(r.powerSource == nil)
        #expect(r.powerLimitW == 1420)  // PowerLimit
        #expect(r.tempBoardC == [81.875, 85.875, 84.4375])
        #expect(r.tempChipC == [104.625, 108.9375, 105.4375])
        #expect(r.tempMaxC == 108.9375)
        #expect(r.fansRPM == [5340, 4620])
        #expect(r.device == FixtureMinerReplies.fallbackDevice)
    }

    @Test func boserVersionAndFans() async throws {
        let r = try await FixtureMinerReplies("braiins-os-boser-pypi-readme-examples").reading()
        #expect(r.firmware == "BOSer boser-buildroot 0.1.0-0ce150e9")
        #expect(r.vendor == "Bitmain")
        #expect(r.fansRPM == [3226, 3315, 3226, 3255])
        #expect(r.status == .error)  // summary not recorded
        #expect(r.hashrateHs == nil)
        #expect(r.powerW == nil)
        #expect(r.tempMaxC == nil)
    }

    @Test func luxosSanitisedVersionOnly() async throws {
        let r = try await FixtureMinerReplies("luxos-luxminer").reading()
        #expect(r.vendor == "Bitmain")
        #expect(r.model == "A model")  // luxos-tooling's sanitised Type
        #expect(r.firmware == "LUXminer 2000.1.1.12345-aaabbbc")
        #expect(r.status == .error)  // no summary or stats recorded
        #expect(r.error?.contains("summary") == true)
        #expect(r.hashrateHs == nil)
        #expect(r.powerW == nil)
        #expect(r.fansRPM == nil)
        #expect(r.device == FixtureMinerReplies.fallbackDevice)
    }
}
