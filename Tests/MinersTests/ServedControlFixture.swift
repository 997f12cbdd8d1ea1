import AsyncHTTPClient
import FleetCore
import MinerRPC
import Replay

@testable import Miners

/// One fixture folder served over real TCP on 127.0.0.1, with what a control needs to reach it, and the normal read
/// path (`MinerReader`) to check what the agent would read after each write.
struct ServedControlFixture {
    let server: FixtureMinerServer
    let http: HTTPClient
    let client = CGMinerClient(timeout: .seconds(10))

    static func start(_ folder: String) async throws -> ServedControlFixture {
        let miner = try FixtureMiner(folder: FixtureMinerReplies.minersRoot.appendingPathComponent(folder).path)
        return ServedControlFixture(
            server: try await FixtureMinerServer.start(miners: [miner]),
            http: HTTPClient(eventLoopGroupProvider: .singleton))
    }

    var address: MinerAddress { server.endpoints[0].address }
    /// The served miner's power state, as its controls left it.
    var power: FixturePowerState { server.endpoints[0].power }

    func endpoint(password: String? = nil) -> MinerEndpoint {
        MinerEndpoint(
            address: address, credentials: password.map { MinerCredentials(user: nil, password: $0) }, rpc: client,
            http: http)
    }

    /// What the agent's read path makes of the miner now.
    func reading() async -> Reading {
        await MinerReader(client: client, host: "test-host").read(address)
    }

    /// The raw bytes of the miner's `pools` reply.
    func pools() async throws -> [UInt8] {
        try await client.exchange(Array(#"{"command":"pools"}"#.utf8), with: address)
    }

    func stop() async throws {
        await server.close()
        try await http.shutdown()
    }
}

/// Runs `body` against the served fixture and stops it whatever `body` did.
func withServed(
    _ folder: String, _ body: (ServedControlFixture) async throws -> Void
) async throws {
    let served = try await ServedControlFixture.start(folder)
    do {
        try await body(served)
    } catch {
        try await served.stop()
        throw error
    }
    try await served.stop()
}

/// The error a control call threw, or nil when it returned.
func controlError(_ call: () async throws(MinerControlError) -> Void) async -> MinerControlError? {
    do {
        try await call()
        return nil
    } catch {
        return error
    }
}
