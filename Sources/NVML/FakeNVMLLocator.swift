#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Finds and configures FakeNVML, the package's NVML test double (`libFakeNVML.so`, SONAME `libnvidia-ml.so.1`).
///
/// SwiftPM builds it into the build products folder, next to the `fleet-agent` binary. FakeNVML reads its
/// settings when it is initialised: from `<library file>.conf` if that file exists, else from the
/// `FAKE_NVML_*` environment variables (see `FakeNVMLSettings`).
public enum FakeNVMLLocator {
    public static let libraryName = "libFakeNVML.so"
    /// The "old driver" variant: only the unversioned NVML names.
    public static let oldDriverLibraryName = "libFakeNVMLOld.so"

    /// `<executableDirectory>/libFakeNVML.so` if it exists.
    public static func defaultPath(executableDirectory: String, oldDriver: Bool = false) -> String? {
        let path = executableDirectory + "/" + (oldDriver ? oldDriverLibraryName : libraryName)
        return access(path, R_OK) == 0 ? path : nil
    }

    /// The fake library beside the running executable: the `fleet-agent` binary, or a test runner in the same build
    /// products folder.
    public static func besideExecutable(oldDriver: Bool = false) -> String? {
        executableDirectory().flatMap { defaultPath(executableDirectory: $0, oldDriver: oldDriver) }
    }

    /// The folder of the running executable (`/proc/self/exe`).
    public static func executableDirectory() -> String? {
        var buffer = [CChar](repeating: 0, count: 4096)
        let n = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard n > 0 else { return nil }
        let path = String(cStringBuffer: Array(buffer[0..<n]) + [0])
        guard let slash = path.lastIndex(of: "/") else { return nil }
        return String(path[..<slash])
    }

    /// Copies the fake library into `directory` as `libnvidia-ml.so.1` with its own settings file beside it
    /// and returns the copy's path. Each copy loads as a separate library with separate state, so
    /// instances made this way never share settings or GPUs, whatever runs in parallel.
    public static func makeInstance(
        library: String, in directory: String, settings: FakeNVMLSettings
    ) throws(FakeNVMLInstanceError) -> String {
        let target = directory + "/libnvidia-ml.so.1"
        let bytes = try read(library)
        try write(bytes, to: target, mode: 0o755)
        try write(Array(settings.conf.utf8), to: target + ".conf", mode: 0o644)
        return target
    }

    private static func read(_ path: String) throws(FakeNVMLInstanceError) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw FakeNVMLInstanceError(path: path, reason: String(cString: strerror(errno))) }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n < 0 { throw FakeNVMLInstanceError(path: path, reason: String(cString: strerror(errno))) }
            if n == 0 { return bytes }
            bytes += chunk[0..<n]
        }
    }

    private static func write(_ bytes: [UInt8], to path: String, mode: mode_t) throws(FakeNVMLInstanceError) {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode)
        guard fd >= 0 else { throw FakeNVMLInstanceError(path: path, reason: String(cString: strerror(errno))) }
        defer { close(fd) }
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + offset, $0.count - offset) }
            if n <= 0 { throw FakeNVMLInstanceError(path: path, reason: String(cString: strerror(errno))) }
            offset += n
        }
    }
}

/// A file FakeNVMLLocator could not read or write.
public struct FakeNVMLInstanceError: Error, Sendable, CustomStringConvertible {
    public var path: String
    public var reason: String
    public var description: String { "\(path): \(reason)" }
}

/// What FakeNVML replays and how it misbehaves.
public struct FakeNVMLSettings: Sendable, Equatable {
    /// GPU fixture files (Fixtures/gpus/*.gpu), read in order; their GPUs are numbered in that order.
    public var fixtures: [String]
    /// File every set call is appended to, and replayed from at initialisation (limits persist like on a driver).
    public var journal: String?
    /// GPU indices that have fallen off the bus (`NVML_ERROR_GPU_IS_LOST`).
    public var lost: [Int]
    /// Every set call fails with `NVML_ERROR_NO_PERMISSION`.
    public var noPermission: Bool
    /// `nvmlInit` fails with `NVML_ERROR_DRIVER_NOT_LOADED`.
    public var driverNotLoaded: Bool

    public init(
        fixtures: [String], journal: String? = nil, lost: [Int] = [], noPermission: Bool = false,
        driverNotLoaded: Bool = false
    ) {
        self.fixtures = fixtures
        self.journal = journal
        self.lost = lost
        self.noPermission = noPermission
        self.driverNotLoaded = driverNotLoaded
    }

    /// The `<library>.conf` text.
    public var conf: String {
        var lines = ["fixture = \(fixtures.joined(separator: ":"))"]
        if let journal { lines.append("journal = \(journal)") }
        if !lost.isEmpty { lines.append("lost = \(lost.map(String.init).joined(separator: ","))") }
        if noPermission { lines.append("no_permission = 1") }
        if driverNotLoaded { lines.append("driver_not_loaded = 1") }
        return lines.joined(separator: "\n") + "\n"
    }
}
