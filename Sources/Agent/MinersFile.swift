import Foundation
import MinerRPC

/// `--miners-file FILE`: the file read whole, then parsed by `MinerList`. A file that cannot be opened or read, or
/// that is not UTF-8, is refused with the system's reason.
public enum MinersFile {
    public static func load(_ path: String) throws(MinerListError) -> [MinerAddress] {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw MinerListError(file: path, reason: "cannot open: " + Self.lastError()) }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = read(descriptor, &chunk, chunk.count)
            if count < 0, errno == EINTR { continue }
            guard count >= 0 else { throw MinerListError(file: path, reason: "cannot read: " + Self.lastError()) }
            if count == 0 { break }
            bytes += chunk[..<count]
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw MinerListError(file: path, reason: "not UTF-8 text")
        }
        return try MinerList.parse(text, file: path)
    }

    private static func lastError() -> String { String(cString: strerror(errno)) }
}
