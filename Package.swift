// swift-tools-version: 6.2
import PackageDescription

// Dyad is laid out by pipeline stage: every stage target depends on DyadCore and on no other
// stage; `Dyad` assembles them; only DyadStore imports GRDB and only DyadCLI ArgumentParser.
let package = Package(
    name: "Dyad",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "Dyad", targets: ["Dyad"]),
        .executable(name: "dyad", targets: ["DyadCLI"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
    ],
    targets: [
        .target(name: "DyadCore"),
        .target(name: "DyadText", dependencies: ["DyadCore"], resources: [.copy("Resources")]),
        .systemLibrary(name: "CLibXML2", pkgConfig: "libxml-2.0", providers: [.apt(["libxml2-dev"])]),
        .target(name: "DyadExtraction", dependencies: ["DyadCore", "CLibXML2"], resources: [.copy("Resources")]),
        .target(name: "DyadActors", dependencies: ["DyadCore"], resources: [.copy("Resources")]),
        .target(name: "DyadCoding", dependencies: ["DyadCore"], resources: [.copy("Resources")]),
        .target(name: "DyadResolution", dependencies: ["DyadCore"]),
        .target(name: "DyadSyntax", dependencies: ["DyadCore"], resources: [.copy("Resources")], swiftSettings: [.unsafeFlags(["-O"], .when(configuration: .debug))]),
        .target(name: "DyadStore", dependencies: ["DyadCore", .product(name: "GRDB", package: "GRDB.swift")]),
        .target(
            name: "Dyad",
            dependencies: [
                "DyadCore", "DyadText", "DyadExtraction", "DyadActors", "DyadCoding", "DyadResolution", "DyadStore", "DyadSyntax",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "DyadServer",
            dependencies: ["DyadCore", "DyadStore", .product(name: "Hummingbird", package: "hummingbird")]
        ),
        .executableTarget(
            name: "DyadCLI",
            dependencies: ["Dyad", "DyadActors", "DyadServer", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        .testTarget(name: "DyadCoreTests", dependencies: ["DyadCore"]),
        .testTarget(name: "DyadTextTests", dependencies: ["DyadText"]),
        .testTarget(name: "DyadExtractionTests", dependencies: ["DyadExtraction"]),
        .testTarget(name: "DyadActorsTests", dependencies: ["DyadActors", "DyadText"]),
        .testTarget(name: "DyadCodingTests", dependencies: ["Dyad"]),
        .testTarget(name: "DyadResolutionTests", dependencies: ["DyadResolution"]),
        .testTarget(name: "DyadSyntaxTests", dependencies: ["DyadSyntax", "DyadText"]),
        .testTarget(name: "DyadStoreTests", dependencies: ["DyadStore", "Dyad", .product(name: "GRDB", package: "GRDB.swift")]),
        .testTarget(
            name: "DyadServerTests",
            dependencies: ["DyadServer", "Dyad", .product(name: "HummingbirdTesting", package: "hummingbird")]
        ),
        .testTarget(name: "DyadCLITests", dependencies: ["DyadCLI"], resources: [.copy("Fixtures")]),
    ],
    swiftLanguageModes: [.v6]
)
