import AsyncHTTPClient
import CGMinerJSON
import Foundation
import MinerRPC
import NIOCore
import NIOHTTP1
import TestSupport
import Testing

@testable import Replay

/// The fixture web interfaces at the HTTP level (the controls' tests in MinersTests drive them end to end).
@Suite struct FixtureWebServerTests {
    static let s19 = PackagePaths.fixture("miners/antminer-s19-bmminer").path

    static func withS19Web(_ body: (FixtureMinerServer, FixtureWebServer) async throws -> Void) async throws {
        let miners = try await FixtureMinerServer.start(miners: [try FixtureMiner(folder: s19)])
        let web: FixtureWebServer
        do {
            web = try await FixtureWebServer.start(for: miners, fixtures: PackagePaths.fixture("miners").path)
        } catch {
            await miners.close()
            throw error
        }
        var failure: (any Error)?
        do {
            try await body(miners, web)
        } catch {
            failure = error
        }
        await web.close()
        await miners.close()
        if let failure { throw failure }
    }

    /// One GET over HTTP (the shared client: never shut down), status, headers and body as text.
    static func get(
        _ address: MinerAddress, _ path: String, authorization: String? = nil
    ) async throws -> (status: Int, headers: HTTPHeaders, body: String) {
        var request = HTTPClientRequest(url: "http://\(address.host):\(address.port)\(path)")
        if let authorization { request.headers.add(name: "Authorization", value: authorization) }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(5))
        let body = try await response.body.collect(upTo: 1 << 16)
        return (Int(response.status.code), response.headers, String(buffer: body))
    }

    @Test func webObjectOfTheS19FixtureIsTheAntminerCGI() throws {
        let web = try #require(try FixtureWeb.load(folder: Self.s19))
        guard case .antminerCGI(let cgi) = web.emulation else {
            Issue.record("expected the antminer-cgi emulation")
            return
        }
        #expect(cgi.setReply == Array("ok".utf8))
        #expect(
            cgi.config == (try FixtureFiles.bytes("antminer-s19-bmminer", "cgi-bin_get_miner_conf.cgi.sleeping.json")))
    }

    @Test func fixtureWithoutWebObjectGetsNoWebInterface() async throws {
        let other = try FixtureMiner(folder: PackagePaths.fixture("miners/antminer-s9-bmminer").path)
        let miners = try await FixtureMinerServer.start(miners: [other])
        let web = try await FixtureWebServer.start(for: miners, fixtures: PackagePaths.fixture("miners").path)
        #expect(web.endpoints.isEmpty)
        #expect(web.webAddress(of: miners.endpoints[0].address) == nil)
        await web.close()
        await miners.close()
    }

    @Test func unauthenticatedRequestGetsTheAntminerDigestChallenge() async throws {
        try await Self.withS19Web { miners, web in
            let address = try #require(web.webAddress(of: miners.endpoints[0].address))
            let reply = try await Self.get(address, "/cgi-bin/get_miner_conf.cgi")
            #expect(reply.status == 401)
            let challenge = try #require(reply.headers["WWW-Authenticate"].first)
            #expect(challenge.hasPrefix(#"Digest realm="antMiner Configuration", nonce=""#))
            #expect(challenge.hasSuffix(#"qop="auth""#))
        }
    }

    @Test func wrongDigestIsRefusedAgain() async throws {
        try await Self.withS19Web { miners, web in
            let address = try #require(web.webAddress(of: miners.endpoints[0].address))
            let challenge = try #require(
                try await Self.get(address, "/cgi-bin/get_miner_conf.cgi").headers["WWW-Authenticate"].first)
            let nonce = try #require(challenge.firstMatch(of: /nonce="([0-9a-f]+)"/)?.1)
            let bad =
                #"Digest username="root", realm="antMiner Configuration", nonce="\#(nonce)", "#
                + #"uri="/cgi-bin/get_miner_conf.cgi", response="00000000000000000000000000000000", qop=auth, "#
                + #"nc=00000001, cnonce="abc""#
            #expect(try await Self.get(address, "/cgi-bin/get_miner_conf.cgi", authorization: bad).status == 401)
        }
    }

    /// Before any write the recorded bytes are served, only the work mode's value set from the state (asleep: the
    /// recorded "1").
    @Test func configurationIsTheRecordedBytesWithTheWorkModeOfTheState() throws {
        let recorded = try FixtureFiles.bytes("antminer-s19-bmminer", "cgi-bin_get_miner_conf.cgi.sleeping.json")
        let awake = AntminerCGIEmulation.replacingWorkMode(in: recorded, with: "0")
        #expect(String(decoding: awake, as: UTF8.self).contains(#""bitmain-work-mode" : "0""#))
        #expect(AntminerCGIEmulation.replacingWorkMode(in: awake, with: "1") == recorded)
        #expect(awake.count == recorded.count)
    }

    @Test func vnishSyntheticWebFileLoads() throws {
        let web = try FixtureWeb.load(file: PackagePaths.fixture("web/vnish-s19-SYNTHETIC/web.json").path)
        guard case .vnishSynthetic(let vnish) = web.emulation else {
            Issue.record("expected the vnish-SYNTHETIC emulation")
            return
        }
        #expect(vnish.preset == "3250" && vnish.presets.count == 4)
    }

    @Test func unknownEmulationIsAFixtureError() throws {
        let dir = try PackagePaths.temporaryDirectory("web-fixture")
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data(#"{"emulation": "whatsminer"}"#.utf8).write(to: dir.appendingPathComponent("web.json"))
        #expect(throws: FixtureError.self) {
            try FixtureWeb.load(file: dir.appendingPathComponent("web.json").path)
        }
    }
}
