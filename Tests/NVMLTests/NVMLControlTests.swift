import NVML
import Testing

/// Setting power limits through FakeNVML: constraint checks, the effect on the GPU, the journal.
@Suite struct NVMLControlTests {
    @Test func setLimitChangesEnforcedLimitAndDraw() throws {
        let journal = try FakeGPU.temporaryDirectory() + "/journal"
        let nvml = try FakeGPU.load(["h100-sxm5-80gb-load.gpu"], journal: journal)
        try nvml.setPowerLimit(index: 0, watts: 300)
        let s = try nvml.sample(index: 0)
        #expect(s.enforcedLimitW == 300 && s.managementLimitW == 300)
        #expect(s.powerW == 300)  // the recorded 631.95 W is held down to the limit
        #expect(s.clockEventReasons?.contains(.swPowerCap) == true)
        #expect(FakeGPU.lines(of: journal) == ["set_power_limit index=0 uuid=\(s.uuid!) mw=300000 rc=0"])
    }

    @Test func limitAboveTheDrawLeavesTheDrawAlone() throws {
        let nvml = try FakeGPU.load(["rtx-3090-capped-200w.gpu"])
        try nvml.setPowerLimit(index: 0, watts: 350)
        let s = try nvml.sample(index: 0)
        #expect(s.enforcedLimitW == 350 && s.powerW == 27.23)
        #expect(s.clockEventReasons == .gpuIdle)
    }

    @Test func limitOutsideTheConstraintsNeverReachesNVML() throws {
        let journal = try FakeGPU.temporaryDirectory() + "/journal"
        let nvml = try FakeGPU.load(["a100-sxm4-80gb-node.gpu"], journal: journal)
        let error = #expect(throws: NVMLError.self) { try nvml.setPowerLimit(index: 3, watts: 450) }
        #expect(error?.code == .invalidArgument && error?.function == "setPowerLimit" && error?.gpuIndex == 3)
        #expect(error?.message.contains("100–400 W") == true)
        #expect(throws: NVMLError.self) { try nvml.setPowerLimit(index: 3, watts: 99.9) }
        #expect(throws: NVMLError.self) { try nvml.setPowerLimit(index: 3, watts: .nan) }
        #expect(FakeGPU.lines(of: journal).isEmpty)
        #expect(try nvml.sample(index: 3).enforcedLimitW == 400)
    }

    @Test func limitIsConvertedFromWattsToMilliwatts() throws {
        let journal = try FakeGPU.temporaryDirectory() + "/journal"
        let nvml = try FakeGPU.load(["rtx-4090.gpu"], journal: journal)
        try nvml.setPowerLimit(index: 0, watts: 287.5)
        #expect(FakeGPU.lines(of: journal).first?.contains("mw=287500 rc=0") == true)
        #expect(try nvml.sample(index: 0).enforcedLimitW == 287.5)
    }

    @Test func journalKeepsTheLimitAcrossLibraryInstances() throws {
        let journal = try FakeGPU.temporaryDirectory() + "/journal"
        try FakeGPU.load(["rtx-4090.gpu"], journal: journal).setPowerLimit(index: 0, watts: 300)
        let again = try FakeGPU.load(["rtx-4090.gpu"], journal: journal)
        #expect(try again.sample(index: 0).enforcedLimitW == 300)
    }

    @Test func noPermissionIsATypedErrorWithNVMLText() throws {
        let journal = try FakeGPU.temporaryDirectory() + "/journal"
        let nvml = try FakeGPU.load(["rtx-4090.gpu"], journal: journal, noPermission: true)
        let error = #expect(throws: NVMLError.self) { try nvml.setPowerLimit(index: 0, watts: 300) }
        #expect(error?.code == .noPermission)
        #expect(error?.function == "nvmlDeviceSetPowerManagementLimit")
        #expect(error?.message == "Insufficient Permissions")
        #expect(error?.description.contains("root") == true)
        #expect(
            FakeGPU.lines(of: journal) == [
                "set_power_limit index=0 uuid=\(try nvml.sample(index: 0).uuid!) mw=300000 rc=4"
            ])
    }

    @Test func settingALostGPUFails() throws {
        let nvml = try FakeGPU.load(["a100-sxm4-80gb-node.gpu"], lost: [5])
        let error = #expect(throws: NVMLError.self) { try nvml.setPowerLimit(index: 5, watts: 300) }
        #expect(error?.code == .gpuIsLost)
        try nvml.setPowerLimit(index: 4, watts: 300)
    }
}
