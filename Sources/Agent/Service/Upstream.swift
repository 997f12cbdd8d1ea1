import AgentServer
import Foundation
import Ledger
import Logging
import ServiceLifecycle
import Uplink

/// The config's `uplink`: the readings to `readings_url` (`ReadingsUplink`) and the metrics to `otlp_url`
/// (`OTLPMetricsPush`), as services that run beside the poll loop. Empty when neither is configured.
struct Upstream {
    var push: OTLPMetricsPush?
    var services: [any Service] = []

    init(config: AgentConfig, ledger: Ledger, metrics: AgentMetrics, logger: Logger) throws {
        let timeout = Duration.milliseconds(Int64(config.uplink.timeoutSeconds * 1000))
        if let url = config.uplink.otlpURL {
            do {
                let made = try OTLPMetricsPush.make(
                    endpoint: url, host: config.host, interval: config.interval, timeout: timeout, logger: logger)
                push = made.push
                services.append(made.service)
            } catch {
                throw AgentRuntime.StartError(description: "uplink.otlp_url: \(error)")
            }
        }
        if let url = config.uplink.readingsURL {
            var token: String?
            if let file = config.uplink.tokenFile {
                do {
                    token = try BearerToken.load(path: file).text
                } catch {
                    throw AgentRuntime.StartError(description: "uplink.token_file: \(error)")
                }
            }
            services.append(
                ReadingsUplink(
                    ledger: ledger, host: config.host,
                    poster: HTTPBatchPoster(url: url, timeout: timeout, token: token),
                    idleWait: config.interval, batchLimit: config.uplink.batchReadings,
                    onLag: { metrics.uplinkLag.set(Double($0)) }))
        }
    }
}
