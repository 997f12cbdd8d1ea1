/// A repeatable option whose occurrences are gathered into one before swift-argument-parser sees them, so that a
/// command line of 20,000 `--miner` options parses in linear time.
///
/// swift-argument-parser 1.8 spends time quadratic in the number of arguments it consumes: each consumed argument is
/// removed from its argument list by a scan from the start and a shift (`SplitArguments.remove(at:)`, reached through
/// `removeAll(in:)` for every option and again for the whole set of used positions), and each value appended to an
/// array option copies the array and the set of its input positions (`ParsedValues.update`). 5,000 `--miner`
/// options took 50 s of CPU. Folded, the values reach it as one `--miner=A<NUL>B<NUL>…` and the command splits them
/// again (`unfolded`); NUL cannot occur inside a command-line argument, so the split is exact.
struct RepeatedOption {
    /// `probe --miner HOST[:PORT]`.
    static let probeMiner = RepeatedOption(subcommand: "probe", name: "--miner")

    /// Joins the values of one folded occurrence.
    static let separator: Character = "\0"

    /// The first argument after the program name that selects the command this option belongs to.
    let subcommand: String
    /// The long name, with its dashes.
    let name: String

    /// `arguments` (without the program name) with every `NAME VALUE` and `NAME=VALUE` of `subcommand` replaced by
    /// one `NAME=VALUE<NUL>VALUE…` where the first stood. Left as they are, for swift-argument-parser to judge: the
    /// arguments of other commands, anything after `--`, and a `NAME` with no value after it (last, or followed by
    /// something that starts with `-`, which swift-argument-parser would not take as its value either).
    func folded(_ arguments: [String]) -> [String] {
        guard arguments.first == subcommand else { return arguments }
        var kept: [String] = []
        var values: [String] = []
        var foldedAt: Int?
        var index = arguments.startIndex
        while index < arguments.endIndex {
            let argument = arguments[index]
            if argument == "--" {
                kept += arguments[index...]
                break
            }
            let next = index + 1 < arguments.endIndex ? arguments[index + 1] : nil
            if argument == name, let next, !next.hasPrefix("-") {
                values.append(next)
                index += 2
            } else if argument.hasPrefix(name + "=") {
                values.append(String(argument.dropFirst(name.count + 1)))
                index += 1
            } else {
                kept.append(argument)
                index += 1
                continue
            }
            foldedAt = foldedAt ?? kept.count
        }
        guard let foldedAt else { return arguments }
        kept.insert(name + "=" + values.joined(separator: String(Self.separator)), at: foldedAt)
        return kept
    }

    /// The values that `folded` joined, each on its own again, in the order given.
    static func unfolded(_ values: [String]) -> [String] {
        values.flatMap { $0.split(separator: separator, omittingEmptySubsequences: false).map(String.init) }
    }
}
