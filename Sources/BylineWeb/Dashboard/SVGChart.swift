import BylineMarkup
import Foundation

/// Charts drawn on the server as inline SVG: readable without JavaScript, labelled in
/// Korean, in the Okabe–Ito colours that colour-blind readers tell apart. Each chart is
/// an image with a title; the numbers are in a table beside it for screen readers.
enum SVGChart {
    /// Okabe–Ito: blue, orange, bluish green.
    static let colours = ["#0072B2", "#E69F00", "#009E73"]

    /// One horizontal bar per row, each split into up to three stacked parts.
    static func bars(title: String, rows: [(label: String, parts: [Int])], width: Int = 640) -> String {
        let rowHeight = 26
        let labelWidth = 150
        let height = max(1, rows.count) * rowHeight + 8
        let largest = max(1, rows.map { $0.parts.reduce(0, +) }.max() ?? 1)
        let room = Double(width - labelWidth - 60)
        var svg = "<svg class=\"chart\" role=\"img\" viewBox=\"0 0 \(width) \(height)\" width=\"100%\" preserveAspectRatio=\"xMinYMin meet\">"
        svg += "<title>\(escapeHTML(title))</title>"
        for (index, row) in rows.enumerated() {
            let y = index * rowHeight + 4
            svg += "<text x=\"\(labelWidth - 8)\" y=\"\(y + 17)\" text-anchor=\"end\" class=\"chart-label\">\(escapeHTML(String(row.label.prefix(14))))</text>"
            var x = Double(labelWidth)
            for (part, value) in row.parts.enumerated() where value > 0 {
                let length = room * Double(value) / Double(largest)
                svg += "<rect x=\"\(Int(x))\" y=\"\(y + 3)\" width=\"\(max(1, Int(length.rounded())))\" height=\"18\" fill=\"\(colours[part % colours.count])\"/>"
                x += length
            }
            svg += "<text x=\"\(Int(x) + 6)\" y=\"\(y + 17)\" class=\"chart-value\">\(row.parts.reduce(0, +))</text>"
        }
        return svg + "</svg>"
    }

    /// A line of `values` (oldest first), for a row of a table that states the total.
    static func sparkline(_ values: [Int], width: Int = 120, height: Int = 24) -> String {
        let largest = max(1, values.max() ?? 1)
        let step = values.count > 1 ? Double(width - 2) / Double(values.count - 1) : 0
        let points = values.enumerated().map { index, value in
            "\(Int((1 + Double(index) * step).rounded())),\(height - 1 - Int((Double(height - 2) * Double(value) / Double(largest)).rounded()))"
        }.joined(separator: " ")
        return "<svg class=\"sparkline\" aria-hidden=\"true\" focusable=\"false\" viewBox=\"0 0 \(width) \(height)\" width=\"\(width)\" height=\"\(height)\">"
            + "<polyline fill=\"none\" stroke=\"\(colours[0])\" stroke-width=\"2\" points=\"\(points)\"/></svg>"
    }
}
