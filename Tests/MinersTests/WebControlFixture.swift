import AsyncHTTPClient
import MinerRPC
import Replay
import TestSupport

@testable import Miners

/// One fixture miner served over TCP with its web interface beside it, and an HTTP client for the controls; torn
/// down after `body` whatever it throws.
struct WebControlFixture {
    let miners: FixtureMinerServer
    let web: FixtureWebServer
    let http: HTTPClient

    /// The miner's shared power state.
    var power: FixturePowerState { miners.endpoints[0].power }

    /// The web interface's address.
    var webAddress: MinerAddress { web.endpoints[0].address }

    func minerWeb(timeout: Duration = .seconds(5)) -> MinerWeb {
        MinerWeb(address: webAddress, http: http, timeout: timeout)
    }

    /// The recorded Antminer S19 with the web interface its `fixture.json` names.
    static func antminerS19<T>(_ body: (WebControlFixture) async throws -> T) async throws -> T {
        let miner = try FixtureMiner(folder: PackagePaths.fixture("miners/antminer-s19-bmminer").path)
        let miners = try await FixtureMinerServer.start(miners: [miner])
        let web: FixtureWebServer
        do {
            web = try await FixtureWebServer.start(for: miners, fixtures: PackagePaths.fixture("miners").path)
        } catch {
            await miners.close()
            throw error
        }
        return try await run(miners: miners, web: web, body)
    }

    /// The recorded Antminer S19's 4028 API with the SYNTHETIC VNish web interface beside it.
    static func vnishSynthetic<T>(_ body: (WebControlFixture) async throws -> T) async throws -> T {
        let miner = try FixtureMiner(folder: PackagePaths.fixture("miners/antminer-s19-bmminer").path)
        let vnish = try FixtureWeb.load(file: PackagePaths.fixture("web/vnish-s19-SYNTHETIC/web.json").path)
        let miners = try await FixtureMinerServer.start(miners: [miner])
        let web: FixtureWebServer
        do {
            web = try await FixtureWebServer.start(for: miners, webs: [vnish])
        } catch {
            await miners.close()
            throw error
        }
        return try await run(miners: miners, web: web, body)
    }

    private static func run<T>(
        miners: FixtureMinerServer, web: FixtureWebServer, _ body: (WebControlFixture) async throws -> T
    ) async throws -> T {
        let http = HTTPClient(eventLoopGroupProvider: .singleton)
        let fixture = WebControlFixture(miners: miners, web: web, http: http)
        let result: Result<T, any Error>
        do {
            result = .success(try await body(fixture))
        } catch {
            result = .failure(error)
        }
        try? await http.shutdown()
        await web.close()
        await miners.close()
        return try result.get()
    }
}
