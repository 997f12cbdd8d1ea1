/// Columns for a person: each cell padded to its column's widest, two spaces between columns, no trailing spaces.
enum TextTable {
    static func lines(_ rows: [[String]], indent: String = "") -> [String] {
        let widths = (rows.first ?? []).indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
        return rows.map { row in
            var line = indent
            for (column, cell) in row.enumerated() {
                if column > 0 { line += "  " }
                line += cell
                if column < row.count - 1 { line += String(repeating: " ", count: widths[column] - cell.count) }
            }
            while line.last == " " { line.removeLast() }
            return line
        }
    }
}
