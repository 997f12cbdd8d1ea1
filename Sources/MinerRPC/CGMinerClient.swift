import NIOCore
import NIOPosix

/// cgminer RPC client. (Stub: the real client arrives with the MinerRPC work.)
public struct CGMinerClient: Sendable {
    public var timeout: Duration
    public var maxReplyBytes: Int
    public let group: any EventLoopGroup

    public init(
        timeout: Duration = .seconds(3), maxReplyBytes: Int = 4 << 20,
        group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    ) {
        self.timeout = timeout
        self.maxReplyBytes = maxReplyBytes
        self.group = group
    }

    public func send(_ command: String, parameter: String? = nil, to address: MinerAddress) async throws -> CGMinerReply {
        throw CGMinerError.notImplemented
    }

    public func read(_ commands: [String], from address: MinerAddress) async -> [String: Result<CGMinerReply, CGMinerError>] {
        Dictionary(uniqueKeysWithValues: commands.map { ($0, .failure(.notImplemented)) })
    }
}
