import NIOCore
import NIOPosix

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Maps what SwiftNIO reports for a failed connect to the `CGMinerError` a person can act on.
enum ConnectFailure {
    static func classify(_ error: any Error, host: String, timeout: Duration) -> CGMinerError {
        switch error {
        case let error as CGMinerError:
            return error
        case ChannelError.connectTimeout:
            return .connectTimeout(after: timeout)
        case let error as NIOConnectionError:
            if let first = error.connectionErrors.first {
                return classify(first.error, host: host, timeout: timeout)
            }
            if let dns = error.dnsAError ?? error.dnsAAAAError {
                return classify(dns, host: host, timeout: timeout)
            }
            return .dnsFailure(host: host, reason: "no addresses")
        case let error as SocketAddressError.UnknownHost:
            return .dnsFailure(host: host, reason: error.errorDescription)
        case let error as SocketAddressError:
            return .dnsFailure(host: host, reason: "\(error)")
        case let error as IOError:
            return classify(errno: error.errnoCode, description: error.description, timeout: timeout)
        default:
            return .connectFailed(reason: "\(error)")
        }
    }

    private static func classify(errno code: CInt, description: String, timeout: Duration) -> CGMinerError {
        switch code {
        case ECONNREFUSED: return .connectionRefused
        case ETIMEDOUT: return .connectTimeout(after: timeout)
        case EHOSTUNREACH: return .connectFailed(reason: "host unreachable")
        case ENETUNREACH: return .connectFailed(reason: "network unreachable")
        case EMFILE, ENFILE: return .connectFailed(reason: "out of file descriptors on this host (\(description))")
        default: return .connectFailed(reason: description)
        }
    }
}
