import Foundation

/// A dashboard table as CSV (RFC 4180, UTF-8 with a byte-order mark so that spreadsheet
/// programs read Korean). Every cell is quoted, and a cell that begins with `=`, `+`, `-`,
/// `@`, a tab or a carriage return gets a leading apostrophe, so that no spreadsheet runs it
/// as a formula.
enum DashboardCSV {
    static func text(header: [String], rows: [[String]]) -> String {
        "\u{FEFF}" + ([header] + rows).map { $0.map(cell).joined(separator: ",") }.joined(separator: "\r\n") + "\r\n"
    }

    static func cell(_ value: String) -> String {
        var text = value
        if let first = text.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) { text = "'" + text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
