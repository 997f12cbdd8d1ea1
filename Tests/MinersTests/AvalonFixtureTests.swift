import FleetCore
import Testing

@testable import Miners

/// Avalon fixtures, field by field (values read by hand from the recorded JSON).
@Suite struct AvalonFixtureTests {
    @Test func a1566WallpowerMPOAndEstatsSpeed() async throws {
        let r = try await FixtureMinerReplies("avalon-a1566-cgminer").reading()
        #expect(r.status == .ok)
        #expect(r.error == nil)
        #expect(r.vendor == "Canaan")
        #expect(r.model == "AvalonMiner 15-194")  // version PROD
        #expect(r.firmware == "cgminer 4.11.1 (MM 24102401_25462b2_9ddf522)")
        #expect(close(r.hashrateHs, 199_241.07e9))  // no summary recorded: GHSspd
        #expect(close(r.hashrateAvgHs, 184_007.00e9))  // GHSavg
        #expect(r.powerW == 3731)  // WALLPOWER
        #expect(r.powerQuality == .reported)
        #expect(r.powerLimitW == 3515)  // MPO
        #expect(r.tempChipC == [77, 78, 77])  // MTmax
        #expect(r.tempBoardC == nil)
        #expect(r.tempMaxC == 78)  // TMax
        #expect(r.tempInletC == 31)  // Temp
        #expect(r.fansRPM == [4275, 4282])
        #expect(r.device.description == "asic:12:34:56:78:90:12")  // MAC "123456789012" (anonymised by pyasic)
    }

    @Test func a1047JoinedReplyEstimatedPower() async throws {
        let r = try await FixtureMinerReplies("avalon-1047-cgminer").reading()
        #expect(r.status == .ok)
        #expect(r.model == "AvalonMiner 1047")  // Ver[1047-...]
        #expect(r.firmware == "cgminer 4.11.1 (MM 1047-20051101_85dc6f0_0332654)")
        #expect(close(r.hashrateHs, 28_134_393.97e6))  // summary "MHS 1m"
        #expect(close(r.hashrateAvgHs, 25_536_751.74e6))
        #expect(close(r.powerW, 1800.60121408))  // POW_I2C[FAILED]: 64 J/TH x 28.13439397 TH/s
        #expect(r.powerQuality == .estimated)
        #expect(r.powerLimitW == 2220)  // MPO
        #expect(r.tempChipC == [61, 64])  // MTmax
        #expect(r.tempMaxC == 64)
        #expect(r.tempInletC == 18)
        #expect(r.fansRPM == [2896, 2927])
        #expect(r.device.description == "asic:02010000cb231da8")  // DNA
    }

    @Test func avalon8xxThreeModulesBehindOneAUC() async throws {
        let r = try await FixtureMinerReplies("avalon-8xx-cgminer").reading()
        #expect(r.status == .ok)
        #expect(r.model == "AvalonMiner 841/821")
        #expect(r.firmware == "cgminer 4.10.0 (MM 8411803-14b0f10)")
        #expect(close(r.hashrateHs, 24_137_604.01e6))
        #expect(close(r.hashrateAvgHs, 36_588_896.32e6))
        #expect(r.tempChipC == [84, 85, 83])  // TMax per module
        #expect(r.tempMaxC == 85)
        #expect(r.tempInletC == 36)  // coolest module inlet
        #expect(r.fansRPM == [5730, 5850, 5610])
        #expect(r.powerW == nil)
        #expect(r.powerLimitW == nil)
        #expect(r.device.description == "asic:0137dace492a2ec1")  // MM ID1 DNA
    }
}
