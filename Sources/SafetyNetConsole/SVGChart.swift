/// Charts drawn on the server as SVG, inline in the page: they print, need no script and no
/// asset, and obey the content security policy (colours are attributes, not styles). Each chart
/// has a title for screen readers, writes its numbers beside the bars, and sits next to a table
/// of the same figures, so that colour is never the only signal.
enum SVGChart {
    /// A named row of values, drawn in one colour.
    struct Series: Sendable {
        let name: String
        let colour: String
        let values: [Int]

        /// The value at `index`; 0 where the series has none.
        subscript(_ index: Int) -> Int { values.indices.contains(index) ? values[index] : 0 }
    }

    /// Horizontal bars, one row per label, each row's series stacked, the row's total written at its end.
    static func stackedBars(title: String, labels: [String], series: [Series]) -> String {
        let (labelWidth, barWidth, rowHeight) = (150, 420, 26)
        let totals = labels.indices.map { row in series.reduce(0) { $0 + $1[row] } }
        let largest = max(totals.max() ?? 0, 1)
        let top = 28
        let height = top + labels.count * rowHeight + 8
        var parts = [legend(series, y: 14)]
        for (row, label) in labels.enumerated() {
            let y = top + row * rowHeight
            parts.append(text(label, x: labelWidth - 6, y: y + 17, anchor: "end"))
            var x = Double(labelWidth)
            for line in series where line[row] > 0 {
                let width = Double(barWidth) * Double(line[row]) / Double(largest)
                parts.append(
                    ##"<rect x="\##(format(x))" y="\##(y + 4)" width="\##(format(width))" height="\##(rowHeight - 8)" fill="\##(line.colour)">"##
                        + "<title>\(Markup.escape(label))：\(Markup.escape(line.name)) \(line[row])</title></rect>")
                x += width
            }
            parts.append(text("\(totals[row])", x: Int(x) + 6, y: y + 17, anchor: "start"))
        }
        return svg(title: title, width: labelWidth + barWidth + 60, height: height, parts: parts)
    }

    /// Columns per label (a month), the series side by side, with a scale on the left.
    static func columns(title: String, labels: [String], series: [Series]) -> String {
        let (left, top, plotHeight, group) = (40, 28, 160, 16 + series.count * 9)
        let largest = max(series.flatMap(\.values).max() ?? 0, 1)
        let scale = niceCeiling(largest)
        let height = top + plotHeight + 24
        var parts = [legend(series, y: 14)]
        for step in 0...4 {
            let value = scale * step / 4
            let y = top + plotHeight - plotHeight * step / 4
            parts.append(##"<line x1="\##(left)" y1="\##(y)" x2="\##(left + labels.count * group)" y2="\##(y)" stroke="#d0d7de"/>"##)
            parts.append(text("\(value)", x: left - 4, y: y + 4, anchor: "end"))
        }
        for (index, label) in labels.enumerated() {
            let x = left + index * group + 4
            for (offset, line) in series.enumerated() {
                let value = line[index]
                let barHeight = Double(plotHeight) * Double(value) / Double(scale)
                parts.append(
                    ##"<rect x="\##(x + offset * 9)" y="\##(format(Double(top + plotHeight) - barHeight))" width="8" height="\##(format(barHeight))" fill="\##(line.colour)">"##
                        + "<title>\(Markup.escape(label))：\(Markup.escape(line.name)) \(value)</title></rect>")
            }
            parts.append(text(label, x: x + group / 2 - 4, y: top + plotHeight + 16, anchor: "middle"))
        }
        return svg(title: title, width: left + labels.count * group + 8, height: height, parts: parts)
    }

    /// The legend: a swatch and the name of each series, in a row.
    private static func legend(_ series: [Series], y: Int) -> String {
        var x = 0
        return series.map { line in
            defer { x += 24 + line.name.count * 14 }
            return ##"<rect x="\##(x)" y="\##(y - 10)" width="12" height="12" fill="\##(line.colour)"/>"##
                + text(line.name, x: x + 16, y: y, anchor: "start")
        }.joined()
    }

    private static func svg(title: String, width: Int, height: Int, parts: [String]) -> String {
        ##"<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 \##(width) \##(height)" width="\##(width)" height="\##(height)" font-size="12" font-family="sans-serif">"##
            + "<title>\(Markup.escape(title))</title>" + parts.joined() + "</svg>"
    }

    private static func text(_ content: String, x: Int, y: Int, anchor: String) -> String {
        ##"<text x="\##(x)" y="\##(y)" text-anchor="\##(anchor)" fill="#1f2328">\##(Markup.escape(content))</text>"##
    }

    /// The top of a scale of four equal steps at or above `value`, each step 1, 2 or 5 × 10ⁿ, so that the scale reads easily.
    static func niceCeiling(_ value: Int) -> Int {
        let step = (value + 3) / 4
        var magnitude = 1
        while magnitude * 10 <= step { magnitude *= 10 }
        return 4 * ([1, 2, 5, 10].map { $0 * magnitude }.first { $0 >= step } ?? step)
    }

    private static func format(_ value: Double) -> String {
        String(Double(Int(value * 10)) / 10)
    }
}
