import Dispatch
import Foundation
import Synchronization

/// SIGINT (Ctrl-C) and SIGTERM for a program that stops itself when asked and then ends by the signal, as a shell
/// expects of a program stopped by Ctrl-C (the demo). While this object lives it alone handles the two signals:
/// the first is handed to `first` (stop gracefully); a second one, while that stop is under way, to `again` (give up
/// waiting: `again` cleans up what it must and calls `die(of:)`).
///
/// Unchecked `Sendable`: the watches are set once in `init` (dispatch sources are safe to use from any thread); the
/// signal received is behind a mutex.
public final class StopSignals: @unchecked Sendable {
    private static let signals = [SIGINT, SIGTERM]
    private let watches: [any DispatchSourceSignal]
    private let received = Received()

    /// The first signal received, shared with the watches.
    private final class Received: Sendable {
        let number = Mutex<Int32?>(nil)
    }

    /// Starts handling the signals (before anything is made that a signal must clean up).
    public init(first: @escaping @Sendable (Int32) -> Void, again: @escaping @Sendable (Int32) -> Void) {
        var watches: [any DispatchSourceSignal] = []
        let received = received
        for number in Self.signals {
            // Ignored until dispatch installs its own handler for the watch: the default action would end the
            // process before the watch could run.
            signal(number, SIG_IGN)
            let watch = DispatchSource.makeSignalSource(signal: number, queue: .global())
            watch.setEventHandler {
                let isFirst = received.number.withLock { received in
                    defer { received = received ?? number }
                    return received == nil
                }
                if isFirst { first(number) } else { again(number) }
            }
            watch.resume()
            watches.append(watch)
        }
        self.watches = watches
    }

    /// The first signal received, if any.
    public var receivedSignal: Int32? { received.number.withLock { $0 } }

    /// Ends the process by the first signal received, if one was (once the stop it asked for is done and cleaned
    /// up); returns otherwise.
    public func endBySignalReceived() {
        if let number = receivedSignal { Self.die(of: number) }
    }

    /// Ends the process by `number` with its default action. Signals may be blocked on the calling thread (dispatch
    /// threads block them): unblocked here, or the raised signal would wait there forever.
    public static func die(of number: Int32) -> Never {
        signal(number, SIG_DFL)
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, number)
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
        raise(number)
        fatalError("still alive after signal \(number)")
    }

    deinit {
        for watch in watches { watch.cancel() }
        for number in Self.signals { signal(number, SIG_DFL) }
    }
}
