import AsyncHTTPClient
import MinerRPC

/// Where a miner's controls are reached, with what, and as whom.
public struct MinerEndpoint: Sendable {
    /// The cgminer API (TCP 4028).
    public var address: MinerAddress
    /// The miner's web interface (stock Antminer CGI, VNish REST); nil: port 80 of the API's host.
    public var web: MinerAddress?
    /// From the file the config names; nil when none is configured.
    public var credentials: MinerCredentials?
    /// The cgminer client the controls send through (its deadline applies to each command).
    public var rpc: CGMinerClient
    /// The HTTP client for web controls (shared; owned and shut down by the agent).
    public var http: HTTPClient

    public init(
        address: MinerAddress, web: MinerAddress? = nil, credentials: MinerCredentials? = nil, rpc: CGMinerClient,
        http: HTTPClient
    ) {
        self.address = address
        self.web = web
        self.credentials = credentials
        self.rpc = rpc
        self.http = http
    }

    /// The web interface's address: `web`, else port 80 of the API's host.
    public var webAddress: MinerAddress { web ?? MinerAddress(host: address.host, port: 80) }
}
