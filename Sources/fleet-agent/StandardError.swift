import Foundation

/// Writes one line to standard error (the commands' messages for the operator, beside the logs).
func printStderr(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}
