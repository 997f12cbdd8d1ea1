/// Columns for a person: each cell padded to its column's widest, two spaces between columns, no trailing spaces.
/// Cells are shown through `VisibleText`, so device-supplied text cannot carry terminal escapes.
public enum TextTable {
    public static func lines(_ rows: [[String]], indent: String = "") -> [String] {
        let rows = rows.map { $0.map(VisibleText.escaping) }
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
