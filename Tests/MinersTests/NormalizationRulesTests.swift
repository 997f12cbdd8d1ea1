import FleetCore
import MinerRPC
import Testing

@testable import Miners

/// Sentinels, units and parsers shared by the families.
@Suite struct NormalizationRulesTests {
    @Test(arguments: [0.0, -273.0, -83.0, .nan, .infinity, 200.0])
    func sentinelTemperaturesAreUnknown(value: Double) {
        #expect(Celsius.valid(value) == nil)
    }

    @Test func realTemperaturesPass() {
        #expect(Celsius.valid(-11) == -11)
        #expect(Celsius.valid(108.9375) == 108.9375)
    }

    @Test func dashSeparatedStrings() {
        #expect(Celsius.dashSeparated("55-66-78-91") == [55, 66, 78, 91])
        #expect(Celsius.dashSeparated("25-61") == [25, 61])
        #expect(Celsius.dashSeparated("2--1-20-22") == [2, -1, 20, 22])
        #expect(Celsius.dashSeparated("-8--11-10-12") == [-8, -11, 10, 12])
        #expect(Celsius.dashSeparated("0-0-0-0") == [])
        #expect(Celsius.dashSeparated("-") == [])
        #expect(Celsius.dashSeparated("") == [])
    }

    /// The recorded sentinel itself: no family reads `devs`, so this checks the rule on the recorded value.
    @Test func avalonDevsMinus273NeverReachesTheReading() throws {
        let miner = try FixtureMinerReplies("avalon-a1566-cgminer")
        // devs really says -273.0 ...
        let devs = miner.read(["devs"]).record("devs", "DEVS")
        #expect(devs?.number("Temperature") == -273)
        // ... and the temperature rule turns that recorded value into nothing.
        var reading = FixtureMinerReplies.blankReading()
        reading.setTemperatures(boards: [devs?.number("Temperature")], chips: [])
        #expect(reading.tempBoardC == nil)
        #expect(reading.tempMaxC == nil)
    }

    @Test func bracketFieldsFollowThePyasicPattern() {
        let f = BracketFields(
            "Ver[1047-20051101_85dc6f0_0332654] SYSTEMSTATU[Work: In Work, Hash Board: 2 ] PVT_T0[ 56  56  54] "
                + "FanR[31%] MPO[2220] POW_I2C[FAILED] FACOPTS0[] A[b[c] [orphan] x")
        #expect(f["Ver"] == "1047-20051101_85dc6f0_0332654")
        #expect(f["SYSTEMSTATU"] == "Work: In Work, Hash Board: 2 ")
        #expect(f.numbers("PVT_T0") == [56, 56, 54])
        #expect(f["FanR"] == "31%")
        #expect(f.number("FanR") == nil)
        #expect(f.number("MPO") == 2220)
        #expect(f["POW_I2C"] == "FAILED")
        #expect(f["FACOPTS0"] == "")
        #expect(f["A"] == "b[c")
        #expect(f.values.count == 8)
    }

    @Test func rateUnitSpellings() {
        #expect(HashUnit(rateUnit: "GH") == .giga)
        #expect(HashUnit(rateUnit: "GH/s") == .giga)
        #expect(HashUnit(rateUnit: "TH/s") == .tera)
        #expect(HashUnit(rateUnit: "mh") == .mega)
        #expect(HashUnit(rateUnit: "GHS") == .giga)
        #expect(HashUnit(rateUnit: "furlongs") == nil)
    }

    @Test func rateUnitOverridesTheKeyName() throws {
        // SYNTHETIC stats entry: GHS keys with rate_unit "TH" must be read as TH/s.
        let bytes = Array(
            (#"{"STATUS":[{"STATUS":"S","When":1,"Code":70,"Msg":"CGMiner stats","Description":"cgminer 1.0.0"}],"#
                + #""STATS":[{"BMMiner":"1.0.0","Type":"Antminer S21"},"#
                + #"{"STATS":0,"GHS 5s":"200.5","GHS av":199.0,"rate_unit":"TH","fan_num":1,"fan1":3000}],"id":1}"#)
                .utf8)
        let replies = MinerReplies(["stats": .success(try CGMinerDecoder.decode(command: "stats", bytes: bytes))])
        var reading = FixtureMinerReplies.blankReading()
        MinerFamilies.normalize(replies, into: &reading)
        #expect(close(reading.hashrateHs, 200.5e12))
        #expect(close(reading.hashrateAvgHs, 199e12))
        #expect(close(reading.powerW, 3508.75))  // 17.5 J/TH x 200.5 TH/s
    }

    @Test func nameplateEstimateNeedsAKnownModelAndHashing() {
        #expect(NameplateEfficiency.watts(model: "Antminer S19 Pro", hashrateHs: 100e12) == 2950)
        #expect(NameplateEfficiency.watts(model: "Antminer S19 Pro", hashrateHs: 0) == nil)
        #expect(NameplateEfficiency.watts(model: "Antminer S9k", hashrateHs: 14e12) == nil)
        #expect(NameplateEfficiency.watts(model: nil, hashrateHs: 14e12) == nil)
    }
}
