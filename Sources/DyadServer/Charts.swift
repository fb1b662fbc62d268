import DyadStore
import Foundation

/// Server-rendered SVG charts: no scripts, every mark a link to the events behind it.
enum Charts {
    /// Cooperation (up, green) against conflict (down, red) per period, with the Goldstein mean as a
    /// line; each period's bars link to that period's events.
    static func dyadChart(_ s: DyadSeries, link: (SeriesPoint) -> String) -> String {
        let width = 960.0, height = 320.0, left = 40.0, right = 10.0, mid = height / 2
        guard !s.points.isEmpty else { return "<p class=\"muted\">No events for this pair yet.</p>" }
        let maxCount = Double(max(1, s.points.map { max($0.quad[0] + $0.quad[1], $0.quad[2] + $0.quad[3]) }.max() ?? 1))
        let step = (width - left - right) / Double(s.points.count)
        let barW = max(2, step * 0.7)
        let scale = (mid - 24) / maxCount
        var out = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" width=\"100%\" role=\"img\" aria-label=\"Cooperation and conflict between \(HTML.escape(s.a)) and \(HTML.escape(s.b))\">"
        out += "<line x1=\"\(left)\" y1=\"\(mid)\" x2=\"\(width - right)\" y2=\"\(mid)\" stroke=\"#888\"/>"
        out += "<text x=\"2\" y=\"16\">cooperation</text><text x=\"2\" y=\"\(Int(height) - 4)\">conflict</text>"
        var linePoints: [String] = []
        for (i, p) in s.points.enumerated() {
            let x = left + Double(i) * step + (step - barW) / 2
            let coop = Double(p.quad[0] + p.quad[1]) * scale, conflict = Double(p.quad[2] + p.quad[3]) * scale
            out += "<a href=\"\(HTML.escape(link(p)))\"><title>\(HTML.escape(p.period)): \(p.quad[0] + p.quad[1]) cooperative, \(p.quad[2] + p.quad[3]) conflictual, Goldstein mean \(String(format: "%.2f", p.goldsteinMean))</title>"
            out += "<rect class=\"coop\" x=\"\(f(x))\" y=\"\(f(mid - coop))\" width=\"\(f(barW))\" height=\"\(f(coop))\" fill=\"#2e9d57\"/>"
            out += "<rect class=\"conflict\" x=\"\(f(x))\" y=\"\(f(mid))\" width=\"\(f(barW))\" height=\"\(f(conflict))\" fill=\"#d64541\"/></a>"
            linePoints.append("\(f(x + barW / 2)),\(f(mid - p.goldsteinMean / 10 * (mid - 24)))")
            if s.points.count <= 24 || i % max(1, s.points.count / 12) == 0 {
                out += "<text x=\"\(f(x))\" y=\"\(f(height - 18))\">\(HTML.escape(p.period))</text>"
            }
        }
        out += "<polyline fill=\"none\" stroke=\"#1d2d4a\" stroke-width=\"1.5\" points=\"\(linePoints.joined(separator: " "))\"><title>Goldstein mean per period</title></polyline>"
        return out + "</svg>"
    }

    static func f(_ v: Double) -> String { String(format: "%.1f", v) }
}
