import CNVML
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// NVIDIA's NVML, loaded with `dlopen` at run time (no link-time dependency) and initialised.
///
/// NVML is thread-safe, so one instance may be used from any task. The library is never unloaded;
/// `deinit` balances the `nvmlInit` with `nvmlShutdown`.
public final class NVMLLibrary: Sendable {
    /// The file name NVIDIA's driver installs (the SONAME; `libnvidia-ml.so` exists only with dev packages).
    public static let defaultPath = "libnvidia-ml.so.1"

    /// The path given to `dlopen`.
    public let path: String
    /// `nvmlSystemGetDriverVersion`, e.g. `590.48.01`.
    public let driverVersion: String?
    /// The readings' `firmware` field, made once.
    let firmware: String?
    let symbols: NVMLSymbols
    let identities = Mutex<[Int: GPUIdentity]>([:])

    private init(path: String, symbols: NVMLSymbols) {
        self.path = path
        self.symbols = symbols
        var buffer = [CChar](repeating: 0, count: Int(NVML_SYSTEM_DRIVER_VERSION_BUFFER_SIZE))
        if let entry = symbols.driverVersion, entry.call(&buffer, UInt32(buffer.count)) == NVML_SUCCESS {
            driverVersion = String(cStringBuffer: buffer)
        } else {
            driverVersion = nil
        }
        firmware = Self.firmware(driverVersion)
    }

    deinit { _ = symbols.shutdown.call() }

    /// Loads the library at `path` (a file name searched by the loader, or a path), resolves its symbols
    /// and calls `nvmlInit_v2` (or `nvmlInit` on an old driver).
    public static func load(path: String = defaultPath) throws(NVMLError) -> NVMLLibrary {
        try load(path: path, hiding: [])
    }

    /// `load(path:)` with the symbols in `hidden` treated as absent, to test the fallbacks.
    static func load(path: String, hiding hidden: Set<String>) throws(NVMLError) -> NVMLLibrary {
        _ = dlerror()
        guard let handle = dlopen(path, RTLD_NOW | RTLD_LOCAL) else {
            let reason = dlerror().map { String(cString: $0) } ?? "unknown dlopen error"
            throw NVMLError(code: .libraryNotFound, function: "dlopen", message: "cannot load \(path): \(reason)")
        }
        let symbols: NVMLSymbols
        do throws(NVMLError) {
            symbols = try NVMLSymbols(handle: handle, path: path, hidden: hidden)
        } catch {
            dlclose(handle)
            throw error
        }
        let rc = symbols.initialize.call()
        guard rc == NVML_SUCCESS else {
            let error = NVMLError(
                code: NVMLReturnCode(rc), function: symbols.initialize.name,
                message: errorText(rc, symbols: symbols))
            dlclose(handle)  // never initialised: nothing of it is in use
            throw error
        }
        return NVMLLibrary(path: path, symbols: symbols)
    }

    /// The NVML entry points found in the library, under the names they were found
    /// (`nvmlDeviceGetPciInfo_v3` on a current driver, `nvmlDeviceGetPciInfo` on an old one).
    public var resolvedSymbols: [String] { symbols.resolvedNames }

    /// Number of GPUs NVML sees (`nvmlDeviceGetCount_v2` counts all, including ones we may not access).
    public func deviceCount() throws(NVMLError) -> Int {
        var count: UInt32 = 0
        try check(symbols.count.call(&count), symbols.count.name, gpu: nil)
        return Int(count)
    }

    /// Sets the GPU's power management limit after checking it against the GPU's constraints.
    /// Needs root (or CAP_SYS_ADMIN); NVML forgets the limit when the driver unloads.
    public func setPowerLimit(index: Int, watts: Double) throws(NVMLError) {
        let device = try handle(index)
        guard let constraints = symbols.limitConstraints else {
            throw missing("nvmlDeviceGetPowerManagementLimitConstraints", gpu: index)
        }
        var minMW: UInt32 = 0
        var maxMW: UInt32 = 0
        try check(constraints.call(device, &minMW, &maxMW), constraints.name, gpu: index)
        let range = "\(Self.watts(minMW))–\(Self.watts(maxMW)) W"
        guard watts.isFinite, watts >= 0, watts * 1000 <= Double(UInt32.max) else {
            throw NVMLError(
                code: .invalidArgument, function: "setPowerLimit",
                message: "\(watts) W is not a power limit (range \(range))", gpuIndex: index)
        }
        let milliwatts = UInt32((watts * 1000).rounded())
        guard milliwatts >= minMW, milliwatts <= maxMW else {
            throw NVMLError(
                code: .invalidArgument, function: "setPowerLimit",
                message: "\(watts) W is outside the GPU's power limit range \(range)", gpuIndex: index)
        }
        guard let set = symbols.setManagementLimit else {
            throw missing("nvmlDeviceSetPowerManagementLimit", gpu: index)
        }
        try check(set.call(device, milliwatts), set.name, gpu: index)
    }

    // MARK: - Internals shared with the sampling code

    func handle(_ index: Int) throws(NVMLError) -> nvmlDevice_t? {
        guard index >= 0, index <= Int(UInt32.max) else {
            throw NVMLError(code: .invalidArgument, function: symbols.handleByIndex.name, message: "no GPU \(index)")
        }
        var device: nvmlDevice_t?
        try check(symbols.handleByIndex.call(UInt32(index), &device), symbols.handleByIndex.name, gpu: index)
        return device
    }

    func check(_ rc: nvmlReturn_t, _ function: String, gpu: Int?) throws(NVMLError) {
        guard rc != NVML_SUCCESS else { return }
        throw NVMLError(
            code: NVMLReturnCode(rc), function: function, message: Self.errorText(rc, symbols: symbols), gpuIndex: gpu)
    }

    func missing(_ function: String, gpu: Int?) -> NVMLError {
        NVMLError(
            code: .functionNotFound, function: function, message: "\(path) does not export \(function)",
            gpuIndex: gpu)
    }

    /// `nvmlErrorString`'s text; NVML's known text without a call for a lost GPU (the driver is misbehaving).
    static func errorText(_ rc: nvmlReturn_t, symbols: NVMLSymbols) -> String {
        let code = NVMLReturnCode(rc)
        if code == .gpuIsLost { return code.builtInText }
        guard let entry = symbols.errorString, let text = entry.call(rc) else { return code.builtInText }
        return String(cString: text)
    }

    static func watts(_ milliwatts: UInt32) -> String {
        let w = Double(milliwatts) / 1000
        return w == w.rounded() ? String(Int(w)) : String(w)
    }
}

extension String {
    /// A string from a NUL-terminated C buffer that NVML filled.
    init(cStringBuffer buffer: [CChar]) {
        let bytes = buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
        self = String(decoding: bytes, as: UTF8.self)
    }
}
