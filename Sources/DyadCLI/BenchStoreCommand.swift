import ArgumentParser
import Dyad
import DyadCore
import DyadStore
import Foundation

struct BenchStoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-store",
        abstract: "Measure the store: fill a database with synthetic events and time the dashboard's queries (release build).",
        discussion: "Creates --db if it holds fewer than --events events, then reports the dyad-series and event-list query latencies (median and 95th percentile over --runs)."
    )

    @Option(help: "Database file to fill and query (created if missing).")
    var db: String

    @Option(help: "Number of synthetic events.")
    var events: Int = 1_000_000

    @Option(help: "Timed runs per query.")
    var runs: Int = 30

    func run() throws {
        let store = try SQLiteEventStore(path: db)
        let countries = ["CHN", "RUS", "USA", "GBR", "FRA", "DEU", "IND", "JPN", "BRA", "TUR", "IRN", "ISR", "UKR", "PAK", "SAU", "EGY", "NGA", "ZAF", "KOR", "PRK",
                         "AUS", "CAN", "MEX", "IDN", "VNM", "PHL", "SYR", "IRQ", "AFG", "ETH"]
        let have = try store.counts().events
        if have < events {
            let t = DispatchTime.now()
            try SyntheticData.fill(store, events: events - have, countries: countries)
            Console.write(String(format: "filled %d synthetic events in %.1f s\n", events - have, seconds(since: t)))
        }
        func time(_ name: String, _ body: () throws -> Void) rethrows {
            var samples: [Double] = []
            for _ in 0..<runs { let t = DispatchTime.now(); try body(); samples.append(seconds(since: t) * 1000) }
            samples.sort()
            Console.write(name.padding(toLength: 44, withPad: " ", startingAt: 0) + String(format: " median %7.2f ms   p95 %7.2f ms\n", samples[samples.count / 2], samples[Int(Double(samples.count) * 0.95)]))
        }
        Console.write("\(try store.counts().events) events in \(db)\n")
        try time("dyad series CHN-RUS, monthly, all years") { _ = try store.dyadSeries("CHN", "RUS", interval: .month) }
        try time("dyad series USA-CHN, weekly, one year") { _ = try store.dyadSeries("USA", "CHN", interval: .week, from: "2020-01-01", to: "2020-12-31") }
        try time("event list, newest 50 (unfiltered)") { _ = try store.search(EventFilter()) }
        try time("event list, actor CHN, 50") { _ = try store.search(EventFilter(actor: "CHN")) }
        try time("event list, country RUS + root 19 + year") { _ = try store.search(EventFilter(country: "RUS", code: "19", from: "2021-01-01", to: "2021-12-31")) }
        try time("event list, full-text 'number 4242'") { _ = try store.search(EventFilter(text: "number 4242")) }
        try time("top dyads") { _ = try store.topDyads(limit: 15, from: nil, to: nil) }
    }

    func seconds(since t: DispatchTime) -> Double { Double(DispatchTime.now().uptimeNanoseconds - t.uptimeNanoseconds) / 1e9 }
}
