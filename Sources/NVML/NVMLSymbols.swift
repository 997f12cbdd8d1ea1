import CNVML

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The C signatures of the NVML entry points the agent calls (nvml.h, API version 12).
enum NVMLFunction {
    typealias Status = @convention(c) () -> nvmlReturn_t
    typealias ErrorString = @convention(c) (nvmlReturn_t) -> UnsafePointer<CChar>?
    typealias SystemString = @convention(c) (UnsafeMutablePointer<CChar>?, UInt32) -> nvmlReturn_t
    typealias Count = @convention(c) (UnsafeMutablePointer<UInt32>?) -> nvmlReturn_t
    typealias HandleByIndex = @convention(c) (UInt32, UnsafeMutablePointer<nvmlDevice_t?>?) -> nvmlReturn_t
    typealias DeviceString = @convention(c) (nvmlDevice_t?, UnsafeMutablePointer<CChar>?, UInt32) -> nvmlReturn_t
    typealias PciInfo = @convention(c) (nvmlDevice_t?, UnsafeMutablePointer<nvmlPciInfo_t>?) -> nvmlReturn_t
    typealias DeviceUInt32 = @convention(c) (nvmlDevice_t?, UnsafeMutablePointer<UInt32>?) -> nvmlReturn_t
    typealias DeviceUInt64 = @convention(c) (nvmlDevice_t?, UnsafeMutablePointer<UInt64>?) -> nvmlReturn_t
    typealias DeviceUInt32Pair =
        @convention(c) (nvmlDevice_t?, UnsafeMutablePointer<UInt32>?, UnsafeMutablePointer<UInt32>?) -> nvmlReturn_t
    typealias SetUInt32 = @convention(c) (nvmlDevice_t?, UInt32) -> nvmlReturn_t
    typealias Temperature =
        @convention(c) (nvmlDevice_t?, nvmlTemperatureSensors_t, UnsafeMutablePointer<UInt32>?) -> nvmlReturn_t
    typealias Threshold =
        @convention(c) (nvmlDevice_t?, nvmlTemperatureThresholds_t, UnsafeMutablePointer<UInt32>?) -> nvmlReturn_t
    typealias Utilization = @convention(c) (nvmlDevice_t?, UnsafeMutablePointer<nvmlUtilization_t>?) -> nvmlReturn_t
    typealias MemoryV1 = @convention(c) (nvmlDevice_t?, UnsafeMutablePointer<nvmlMemory_t>?) -> nvmlReturn_t
    typealias MemoryV2 = @convention(c) (nvmlDevice_t?, UnsafeMutablePointer<nvmlMemory_v2_t>?) -> nvmlReturn_t
    typealias Clock = @convention(c) (nvmlDevice_t?, nvmlClockType_t, UnsafeMutablePointer<UInt32>?) -> nvmlReturn_t
    typealias PState = @convention(c) (nvmlDevice_t?, UnsafeMutablePointer<nvmlPstates_t>?) -> nvmlReturn_t
    typealias EnableState = @convention(c) (nvmlDevice_t?, UnsafeMutablePointer<nvmlEnableState_t>?) -> nvmlReturn_t
    typealias FanSpeedRPM = @convention(c) (nvmlDevice_t?, UnsafeMutablePointer<nvmlFanSpeedInfo_t>?) -> nvmlReturn_t
}

/// A resolved entry point: the function pointer and the exported name it was found under.
struct NVMLEntry<F: Sendable>: Sendable {
    let name: String
    let call: F
}

/// The symbol table, resolved once with `dlsym`; versioned names first, older names as fallbacks.
/// Only init, shutdown, count and handle are required; any other missing symbol makes its field null.
struct NVMLSymbols: Sendable {
    let initialize: NVMLEntry<NVMLFunction.Status>
    let shutdown: NVMLEntry<NVMLFunction.Status>
    let count: NVMLEntry<NVMLFunction.Count>
    let handleByIndex: NVMLEntry<NVMLFunction.HandleByIndex>
    let errorString: NVMLEntry<NVMLFunction.ErrorString>?
    let driverVersion: NVMLEntry<NVMLFunction.SystemString>?
    let name: NVMLEntry<NVMLFunction.DeviceString>?
    let uuid: NVMLEntry<NVMLFunction.DeviceString>?
    let serial: NVMLEntry<NVMLFunction.DeviceString>?
    /// `nvmlDeviceGetPciInfo_v3` fills the whole struct; the older names only the legacy fields.
    let pciInfo: NVMLEntry<NVMLFunction.PciInfo>?
    let powerUsage: NVMLEntry<NVMLFunction.DeviceUInt32>?
    let totalEnergy: NVMLEntry<NVMLFunction.DeviceUInt64>?
    let enforcedLimit: NVMLEntry<NVMLFunction.DeviceUInt32>?
    let managementLimit: NVMLEntry<NVMLFunction.DeviceUInt32>?
    let limitConstraints: NVMLEntry<NVMLFunction.DeviceUInt32Pair>?
    let defaultLimit: NVMLEntry<NVMLFunction.DeviceUInt32>?
    let setManagementLimit: NVMLEntry<NVMLFunction.SetUInt32>?
    let temperature: NVMLEntry<NVMLFunction.Temperature>?
    let threshold: NVMLEntry<NVMLFunction.Threshold>?
    let fanSpeed: NVMLEntry<NVMLFunction.DeviceUInt32>?
    /// `nvmlDeviceGetNumFans` (R515+) and `nvmlDeviceGetFanSpeedRPM` (R570+): each fan's speed in RPM.
    let numFans: NVMLEntry<NVMLFunction.DeviceUInt32>?
    let fanSpeedRPM: NVMLEntry<NVMLFunction.FanSpeedRPM>?
    let utilization: NVMLEntry<NVMLFunction.Utilization>?
    let memoryV2: NVMLEntry<NVMLFunction.MemoryV2>?
    let memoryV1: NVMLEntry<NVMLFunction.MemoryV1>?
    let clock: NVMLEntry<NVMLFunction.Clock>?
    let pstate: NVMLEntry<NVMLFunction.PState>?
    let clockEventReasons: NVMLEntry<NVMLFunction.DeviceUInt64>?
    let persistence: NVMLEntry<NVMLFunction.EnableState>?
    /// The exported names found, in the order resolved (`nvmlInit_v2`, `nvmlDeviceGetPciInfo_v3`, …): every entry
    /// above that is not nil, recorded as it is looked up.
    let resolvedNames: [String]

    /// Resolves the table from a `dlopen` handle; names in `hidden` are treated as absent (tests of fallbacks).
    init(handle: UnsafeMutableRawPointer, path: String, hidden: Set<String> = []) throws(NVMLError) {
        var resolved: [String] = []
        func exported(_ name: String) -> UnsafeMutableRawPointer? { hidden.contains(name) ? nil : dlsym(handle, name) }
        func first<F>(_ names: [String], as type: F.Type) -> NVMLEntry<F>? {
            for name in names {
                if let pointer = exported(name) {
                    resolved.append(name)
                    return NVMLEntry(name: name, call: unsafeBitCast(pointer, to: F.self))
                }
            }
            return nil
        }
        func find<F>(_ names: String..., as type: F.Type) -> NVMLEntry<F>? { first(names, as: type) }
        func require<F>(_ names: String..., as type: F.Type) throws(NVMLError) -> NVMLEntry<F> {
            if let entry = first(names, as: type) { return entry }
            throw NVMLError(
                code: .functionNotFound, function: names[0],
                message: "\(path) exports none of \(names.joined(separator: ", "))")
        }
        initialize = try require("nvmlInit_v2", "nvmlInit", as: NVMLFunction.Status.self)
        shutdown = try require("nvmlShutdown", as: NVMLFunction.Status.self)
        // Count and handle come as a pair: _v1 and _v2 indices can differ
        // (the _v1 count skips GPUs without permission).
        if exported("nvmlDeviceGetCount_v2") != nil, exported("nvmlDeviceGetHandleByIndex_v2") != nil {
            count = try require("nvmlDeviceGetCount_v2", as: NVMLFunction.Count.self)
            handleByIndex = try require("nvmlDeviceGetHandleByIndex_v2", as: NVMLFunction.HandleByIndex.self)
        } else {
            count = try require("nvmlDeviceGetCount", as: NVMLFunction.Count.self)
            handleByIndex = try require("nvmlDeviceGetHandleByIndex", as: NVMLFunction.HandleByIndex.self)
        }
        errorString = find("nvmlErrorString", as: NVMLFunction.ErrorString.self)
        driverVersion = find("nvmlSystemGetDriverVersion", as: NVMLFunction.SystemString.self)
        name = find("nvmlDeviceGetName", as: NVMLFunction.DeviceString.self)
        uuid = find("nvmlDeviceGetUUID", as: NVMLFunction.DeviceString.self)
        serial = find("nvmlDeviceGetSerial", as: NVMLFunction.DeviceString.self)
        pciInfo = find(
            "nvmlDeviceGetPciInfo_v3", "nvmlDeviceGetPciInfo_v2", "nvmlDeviceGetPciInfo", as: NVMLFunction.PciInfo.self)
        powerUsage = find("nvmlDeviceGetPowerUsage", as: NVMLFunction.DeviceUInt32.self)
        totalEnergy = find("nvmlDeviceGetTotalEnergyConsumption", as: NVMLFunction.DeviceUInt64.self)
        enforcedLimit = find("nvmlDeviceGetEnforcedPowerLimit", as: NVMLFunction.DeviceUInt32.self)
        managementLimit = find("nvmlDeviceGetPowerManagementLimit", as: NVMLFunction.DeviceUInt32.self)
        limitConstraints = find(
            "nvmlDeviceGetPowerManagementLimitConstraints", as: NVMLFunction.DeviceUInt32Pair.self)
        defaultLimit = find("nvmlDeviceGetPowerManagementDefaultLimit", as: NVMLFunction.DeviceUInt32.self)
        setManagementLimit = find("nvmlDeviceSetPowerManagementLimit", as: NVMLFunction.SetUInt32.self)
        temperature = find("nvmlDeviceGetTemperature", as: NVMLFunction.Temperature.self)
        threshold = find("nvmlDeviceGetTemperatureThreshold", as: NVMLFunction.Threshold.self)
        fanSpeed = find("nvmlDeviceGetFanSpeed", as: NVMLFunction.DeviceUInt32.self)
        numFans = find("nvmlDeviceGetNumFans", as: NVMLFunction.DeviceUInt32.self)
        fanSpeedRPM = find("nvmlDeviceGetFanSpeedRPM", as: NVMLFunction.FanSpeedRPM.self)
        utilization = find("nvmlDeviceGetUtilizationRates", as: NVMLFunction.Utilization.self)
        memoryV2 = find("nvmlDeviceGetMemoryInfo_v2", as: NVMLFunction.MemoryV2.self)
        memoryV1 = find("nvmlDeviceGetMemoryInfo", as: NVMLFunction.MemoryV1.self)
        clock = find("nvmlDeviceGetClockInfo", as: NVMLFunction.Clock.self)
        pstate = find("nvmlDeviceGetPerformanceState", as: NVMLFunction.PState.self)
        clockEventReasons = find(
            "nvmlDeviceGetCurrentClocksEventReasons", "nvmlDeviceGetCurrentClocksThrottleReasons",
            as: NVMLFunction.DeviceUInt64.self)
        persistence = find("nvmlDeviceGetPersistenceMode", as: NVMLFunction.EnableState.self)
        resolvedNames = resolved
    }
}
