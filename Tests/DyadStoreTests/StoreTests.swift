import Dyad
import DyadCore
@testable import DyadStore
import Foundation
import Testing

let engine = try! DyadEngine()

func tempDB() -> String {
    FileManager.default.temporaryDirectory.appendingPathComponent("dyad-test-\(UUID().uuidString).sqlite").path
}

let article = """
Talks in the capital
Russian President Vladimir Putin praised China for its support on Monday.
Beijing and Moscow will deepen military cooperation, the two sides said.
"""

@Test func ingestingTheSameDocumentTwice_storesItOnce() throws {
    let path = tempDB()
    defer { try? FileManager.default.removeItem(atPath: path) }
    let store = try SQLiteEventStore(path: path)
    let doc = try engine.code(Document(id: "a.txt", raw: article, publicationDate: CivilDate(iso: "2024-05-16")))
    #expect(!doc.events.isEmpty)
    #expect(try store.ingest(doc) == .stored(events: doc.events.count))
    #expect(try store.ingest(doc) == .duplicate)
    // The same content under another name is the same document.
    var renamed = doc
    renamed.id = "copy.txt"
    #expect(try store.ingest(renamed) == .duplicate)
    let counts = try store.counts()
    #expect(counts.documents == 1)
    #expect(counts.events == doc.events.count)
}

@Test func storedEvents_readBackAsTheSameRecords() throws {
    let path = tempDB()
    defer { try? FileManager.default.removeItem(atPath: path) }
    let doc = try engine.code(Document(id: "a.txt", raw: article, publicationDate: CivilDate(iso: "2024-05-16")))
    do {
        let store = try SQLiteEventStore(path: path)
        _ = try store.ingest(doc)
    }
    // A second process opening the same file sees the same events, in order.
    let reopened = try SQLiteEventStore(path: path)
    let lines = try reopened.events(limit: nil).map(\.line)
    #expect(lines == doc.events.map { EventRecord.json($0, documentID: "a.txt").serialized() })
}

@Test func ingestTimestamp_isWrittenAsISO8601DateFormatterWritesIt() {
    for seconds in [0, 951_782_400, 1_796_000_017, 4_102_444_799] {  // 1970, 29 Feb 2000, 2026, end of 2099
        let d = Date(timeIntervalSince1970: TimeInterval(seconds))
        #expect(SQLiteEventStore.timestamp(d) == ISO8601DateFormatter().string(from: d))
    }
    #expect(SQLiteEventStore.timestamp(Date(timeIntervalSince1970: 951_782_400)) == "2000-02-29T00:00:00Z")
}

@Test func nearDuplicateSignature_isTheSameAcrossVersions() {
    // Signatures are stored and compared with those of later documents, so their values must not
    // change; these were computed outside Dyad from the same definition (five-word shingles of the
    // lower-cased words, StableHash, 32 multiply-xorshift hashes).
    let sig = NearDuplicate.signature(of: "China and Russia signed a trade agreement on Monday in Moscow.")
    #expect(sig.count == 32)
    #expect(Array(sig.prefix(3)) == [0x2d58_6d5e_3b52_7dff, 0x01f3_3adf_ecad_acec, 0x29c4_4ae1_3092_8e26])
    #expect(NearDuplicate.signature(of: "Too short to sign.").isEmpty)
}

@Test func store_refusesAPostgreSQLAddressByName_andCreatesNothing() throws {
    let cwd = FileManager.default.currentDirectoryPath
    for url in ["postgres://localhost/dyad", "postgresql://user@db:5432/dyad"] {
        do {
            _ = try SQLiteEventStore(path: url)
            Issue.record("opened \(url)")
        } catch let e as StoreError {
            #expect(e.description == "cannot open the database at \(url): PostgreSQL stores are not available in this version of Dyad; give the path of a SQLite file")
        }
    }
    #expect(!FileManager.default.fileExists(atPath: cwd + "/postgres:"))
}

@Test func store_refusesAFileThatIsNotADatabase() throws {
    let path = tempDB()
    defer { try? FileManager.default.removeItem(atPath: path) }
    try Data("this is not sqlite, just text that is long enough to be read as a header........".utf8).write(to: URL(fileURLWithPath: path))
    #expect(throws: StoreError.self) { try SQLiteEventStore(path: path) }
}
