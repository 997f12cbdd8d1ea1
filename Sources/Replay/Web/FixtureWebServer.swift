import Logging
import MinerRPC
import NIOCore
import NIOHTTP1
import NIOPosix

/// Serves the web interfaces of fixture miners over real HTTP/1.1, one listener per miner whose fixture has a `web`
/// object, beside the `FixtureMinerServer` that serves their 4028 API. Both share each miner's `FixturePowerState`:
/// what a web control writes here, the miner's RPC replies show.
public final class FixtureWebServer: Sendable {
    /// One miner's web interface.
    public struct Endpoint: Sendable {
        /// Where the web interface listens.
        public let address: MinerAddress
        /// The miner's 4028 address (`FixtureMinerServer.Endpoint.address`).
        public let miner: MinerAddress
        /// The fixture folder's name.
        public let fixture: String
        /// Shared with the miner's RPC server.
        public let power: FixturePowerState
    }

    /// The miners that have a web interface, in the order of the `FixtureMinerServer`'s endpoints.
    public let endpoints: [Endpoint]
    private let channels: [any Channel]

    private init(endpoints: [Endpoint], channels: [any Channel]) {
        self.endpoints = endpoints
        self.channels = channels
    }

    /// The web address of the miner whose 4028 API is at `miner`; nil when it has no web interface.
    public func webAddress(of miner: MinerAddress) -> MinerAddress? {
        endpoints.first { $0.miner == miner }?.address
    }

    /// Starts a web interface for each of `server`'s miners whose `fixtures/<fixture>/fixture.json` has a `web`
    /// object (`FixtureWeb`), on the miner's host at a port the kernel chooses.
    public static func start(
        for server: FixtureMinerServer, fixtures: String,
        group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    ) async throws -> FixtureWebServer {
        var webs: [FixtureWeb?] = []
        for endpoint in server.endpoints {
            webs.append(try FixtureWeb.load(folder: fixtures + "/" + endpoint.fixture))
        }
        return try await start(for: server, webs: webs, group: group)
    }

    /// Starts `webs[i]` beside `server.endpoints[i]` (nil: none for that miner), on the miner's host at `port`
    /// (0: the kernel chooses each). On any bind failure the ones bound are closed again.
    public static func start(
        for server: FixtureMinerServer, webs: [FixtureWeb?], port: Int = 0,
        group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    ) async throws -> FixtureWebServer {
        var endpoints: [Endpoint] = []
        var channels: [any Channel] = []
        do {
            for (endpoint, web) in zip(server.endpoints, webs) {
                guard let web else { continue }
                let emulation = emulation(web, power: endpoint.power)
                let channel = try await ServerBootstrap(group: group)
                    .serverChannelOption(.backlog, value: 256)
                    .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
                    .childChannelInitializer { channel in
                        channel.eventLoop.makeCompletedFuture {
                            try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                            try channel.pipeline.syncOperations.addHandler(FixtureWebHandler(emulation: emulation))
                        }
                    }
                    .bind(host: endpoint.address.host, port: port).get()
                channels.append(channel)
                endpoints.append(
                    Endpoint(
                        address: MinerAddress(host: endpoint.address.host, port: channel.localAddress?.port ?? port),
                        miner: endpoint.address, fixture: endpoint.fixture, power: endpoint.power))
            }
        } catch {
            for channel in channels { try? await channel.close() }
            throw error
        }
        return FixtureWebServer(endpoints: endpoints, channels: channels)
    }

    static func emulation(_ web: FixtureWeb, power: FixturePowerState) -> any FixtureWebEmulation {
        switch web.emulation {
        case .antminerCGI(let fixture): AntminerCGIEmulation(fixture: fixture, power: power)
        case .vnishSynthetic(let fixture): VNishSyntheticEmulation(fixture: fixture, power: power)
        }
    }

    /// Stops listening.
    public func close() async {
        for channel in channels { try? await channel.close() }
    }
}
