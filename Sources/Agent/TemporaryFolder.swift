import Dispatch
import Foundation

/// A folder in the temporary directory that lives as long as this object: removed when it is released, and on
/// SIGINT (Ctrl-C) or SIGTERM, after which the process dies of that signal as it would have without the handler.
///
/// Unchecked `Sendable`: every property is set once in `init`, and dispatch sources are safe to use from any thread.
public final class TemporaryFolder: @unchecked Sendable {
    public let path: String
    private let watches: [any DispatchSourceSignal]
    private static let signals = [SIGINT, SIGTERM]

    /// Watches for the signals first, then creates the folder, so that no signal can come between the two.
    public init(named name: String) throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent(name).path
        self.path = path
        var watches: [any DispatchSourceSignal] = []
        for number in Self.signals {
            // Ignored until dispatch installs its own handler for the watch: the default action would end the
            // process before the watch could run.
            signal(number, SIG_IGN)
            let watch = DispatchSource.makeSignalSource(signal: number, queue: .global())
            watch.setEventHandler {
                try? FileManager.default.removeItem(atPath: path)
                Self.dieOf(number)
            }
            watch.resume()
            watches.append(watch)
        }
        self.watches = watches
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    /// Ends the process by `number` with its default action. The watch runs on a dispatch thread, which blocks
    /// signals: unblocked here, or the raised signal would wait there forever.
    private static func dieOf(_ number: Int32) {
        signal(number, SIG_DFL)
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, number)
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
        raise(number)
    }

    deinit {
        for watch in watches { watch.cancel() }
        for number in Self.signals { signal(number, SIG_DFL) }
        try? FileManager.default.removeItem(atPath: path)
    }
}
