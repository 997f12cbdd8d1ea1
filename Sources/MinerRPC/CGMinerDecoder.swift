import Foundation

/// Turns the raw bytes of a cgminer reply into a `CGMinerReply`. (Stub: the repair pass arrives with the MinerRPC work.)
public enum CGMinerDecoder {
    public static func decode(command: String, bytes: [UInt8]) throws -> CGMinerReply {
        throw CGMinerError.notImplemented
    }

    public static func decodeJoined(commands: [String], bytes: [UInt8]) -> [String: Result<CGMinerReply, CGMinerError>] {
        Dictionary(uniqueKeysWithValues: commands.map { ($0, .failure(.notImplemented)) })
    }
}
