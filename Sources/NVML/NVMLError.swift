import CNVML

/// An `nvmlReturn_t` value. Known codes have names; any other value is kept as is.
public struct NVMLReturnCode: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: UInt32

    public init(rawValue: UInt32) { self.rawValue = rawValue }

    init(_ value: nvmlReturn_t) { self.rawValue = value.rawValue }

    public static let success = NVMLReturnCode(rawValue: 0)
    public static let uninitialized = NVMLReturnCode(rawValue: 1)
    public static let invalidArgument = NVMLReturnCode(rawValue: 2)
    public static let notSupported = NVMLReturnCode(rawValue: 3)
    public static let noPermission = NVMLReturnCode(rawValue: 4)
    public static let notFound = NVMLReturnCode(rawValue: 6)
    public static let insufficientSize = NVMLReturnCode(rawValue: 7)
    public static let insufficientPower = NVMLReturnCode(rawValue: 8)
    public static let driverNotLoaded = NVMLReturnCode(rawValue: 9)
    public static let timeout = NVMLReturnCode(rawValue: 10)
    public static let libraryNotFound = NVMLReturnCode(rawValue: 12)
    public static let functionNotFound = NVMLReturnCode(rawValue: 13)
    public static let corruptedInforom = NVMLReturnCode(rawValue: 14)
    public static let gpuIsLost = NVMLReturnCode(rawValue: 15)
    public static let resetRequired = NVMLReturnCode(rawValue: 16)
    public static let operatingSystem = NVMLReturnCode(rawValue: 17)
    public static let libRMVersionMismatch = NVMLReturnCode(rawValue: 18)
    public static let argumentVersionMismatch = NVMLReturnCode(rawValue: 25)
    public static let unknown = NVMLReturnCode(rawValue: 999)

    /// The `NVML_…` name, e.g. `NVML_ERROR_GPU_IS_LOST`.
    public var description: String {
        switch rawValue {
        case 0: "NVML_SUCCESS"
        case 1: "NVML_ERROR_UNINITIALIZED"
        case 2: "NVML_ERROR_INVALID_ARGUMENT"
        case 3: "NVML_ERROR_NOT_SUPPORTED"
        case 4: "NVML_ERROR_NO_PERMISSION"
        case 5: "NVML_ERROR_ALREADY_INITIALIZED"
        case 6: "NVML_ERROR_NOT_FOUND"
        case 7: "NVML_ERROR_INSUFFICIENT_SIZE"
        case 8: "NVML_ERROR_INSUFFICIENT_POWER"
        case 9: "NVML_ERROR_DRIVER_NOT_LOADED"
        case 10: "NVML_ERROR_TIMEOUT"
        case 11: "NVML_ERROR_IRQ_ISSUE"
        case 12: "NVML_ERROR_LIBRARY_NOT_FOUND"
        case 13: "NVML_ERROR_FUNCTION_NOT_FOUND"
        case 14: "NVML_ERROR_CORRUPTED_INFOROM"
        case 15: "NVML_ERROR_GPU_IS_LOST"
        case 16: "NVML_ERROR_RESET_REQUIRED"
        case 17: "NVML_ERROR_OPERATING_SYSTEM"
        case 18: "NVML_ERROR_LIB_RM_VERSION_MISMATCH"
        case 19: "NVML_ERROR_IN_USE"
        case 20: "NVML_ERROR_MEMORY"
        case 21: "NVML_ERROR_NO_DATA"
        case 25: "NVML_ERROR_ARGUMENT_VERSION_MISMATCH"
        case 26: "NVML_ERROR_DEPRECATED"
        case 27: "NVML_ERROR_NOT_READY"
        case 28: "NVML_ERROR_GPU_NOT_FOUND"
        case 29: "NVML_ERROR_INVALID_STATE"
        case 999: "NVML_ERROR_UNKNOWN"
        default: "nvmlReturn_t \(rawValue)"
        }
    }

    /// NVML's own text for the codes this agent treats specially; used where calling `nvmlErrorString` is not
    /// possible (library not loaded) or not wise (a GPU that fell off the bus).
    var builtInText: String {
        switch rawValue {
        case 2: "Invalid Argument"
        case 3: "Not Supported"
        case 4: "Insufficient Permissions"
        case 9: "Driver Not Loaded"
        case 12: "NVML Shared Library Not Found"
        case 13: "Function Not Found"
        case 15: "GPU is lost"
        default: description
        }
    }
}

/// A failed NVML call: the return code, the function that failed and NVML's text (`nvmlErrorString`).
public struct NVMLError: Error, Sendable, Equatable, CustomStringConvertible {
    public var code: NVMLReturnCode
    /// The NVML symbol that failed (`nvmlInit_v2`, `nvmlDeviceGetPowerUsage`), `dlopen`, or an agent-side check.
    public var function: String
    /// `nvmlErrorString`'s text, `dlerror()`'s text, or the agent's own explanation.
    public var message: String
    /// The GPU the call was about, if any (NVML index).
    public var gpuIndex: Int?

    public init(code: NVMLReturnCode, function: String, message: String, gpuIndex: Int? = nil) {
        self.code = code
        self.function = function
        self.message = message
        self.gpuIndex = gpuIndex
    }

    /// One line for a person: what failed, NVML's words, and what usually causes it.
    public var description: String {
        let gpu = gpuIndex.map { "GPU \($0): " } ?? ""
        let hint = self.hint.map { " (\($0))" } ?? ""
        return "\(gpu)\(function) failed: \(message)\(hint)"
    }

    /// What the code usually means on a host, for the codes an operator meets.
    public var hint: String? {
        switch code {
        case .driverNotLoaded: "the NVIDIA kernel driver is not loaded: check `lsmod | grep nvidia` and dmesg"
        case .noPermission: "insufficient permissions: power limits need root, or CAP_SYS_ADMIN in a container"
        case .gpuIsLost:
            "the GPU has fallen off the bus or is otherwise inaccessible (Xid 79); it needs a reset or reboot"
        case .libraryNotFound:
            "NVIDIA's NVML library is not installed or not on the loader path; install the driver"
                + " or pass --nvml-lib PATH"
        case .functionNotFound: "this NVML library (driver) is too old to have the function"
        case .libRMVersionMismatch: "the NVML library and the kernel module differ: reboot after a driver upgrade"
        case .insufficientPower: "the GPU's external power cables are not attached properly"
        default: nil
        }
    }
}
