import Testing

@testable import SafetyNetConsole

@Suite("Charts drawn as SVG on the server")
struct SVGChartTests {
    @Test("a scale of four even steps that reads easily")
    func scale() {
        let tops = [0: 4, 3: 4, 4: 4, 7: 8, 9: 20, 41: 80, 120: 200, 789: 800, 1_174: 2_000]
        for (value, top) in tops {
            #expect(SVGChart.niceCeiling(value) == top, "\(value)")
            #expect(SVGChart.niceCeiling(value) >= value && SVGChart.niceCeiling(value) % 4 == 0)
        }
    }

    @Test("names from the database cannot inject markup, each bar has its number, and colours are attributes the policy allows")
    func escapingAndNumbers() {
        let chart = SVGChart.stackedBars(
            title: "风险<分布>", labels: [#"<script>alert("x")</script>镇"#, "红星村"],
            series: [
                SVGChart.Series(name: "红色", colour: "#b3261e", values: [3, 0]), SVGChart.Series(name: "绿色", colour: "#1e7b34", values: [2, 5]),
            ])
        #expect(!chart.contains("<script>") && chart.contains("&lt;script&gt;") && chart.contains("<title>风险&lt;分布&gt;</title>"))
        #expect(chart.contains("红色 3</title>") && chart.contains(">5</text>") && !chart.contains("style="))
        #expect(chart.components(separatedBy: "<rect").count - 1 == 2 + 3, "two swatches and three bars: a zero draws nothing")
        let columns = SVGChart.columns(
            title: "月度", labels: ["1月", "2月"], series: [SVGChart.Series(name: "申请", colour: "#0b57d0", values: [0, 7])])
        #expect(columns.contains(">8</text>") && columns.contains("2月：申请 7</title>"))
    }
}
