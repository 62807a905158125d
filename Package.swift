// swift-tools-version: 6.1
// Precis: extractive summaries and glossaries of French news. See README.md.
import PackageDescription

let package = Package(
  name: "Precis",
  products: [
    .library(name: "Precis", targets: ["PrecisText", "PrecisSummarize", "PrecisGloss", "PrecisCache", "PrecisBatch"]),
    .executable(name: "precis", targets: ["precis"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.6.0")
  ],
  targets: [
    // C shim over the system ICU (libicu-dev): see Sources/CICU/include/cicu.h for why.
    .target(
      name: "CICU",
      linkerSettings: [.linkedLibrary("icuuc"), .linkedLibrary("icui18n"), .linkedLibrary("icudata")]
    ),
    // lexicons/ and models/ compiled in with #embed, so an installed binary needs no data folder.
    .target(name: "CPrecisData"),
    // Decoding, normalisation, cleaning, sentence and word segmentation.
    .target(name: "PrecisText", dependencies: ["CICU", "CPrecisData"]),
    // Sentence scorers, selection under a budget, ROUGE.
    .target(name: "PrecisSummarize", dependencies: ["PrecisText"]),
    // Lemmas, the French-English lexicon, key terms and glosses.
    .target(name: "PrecisGloss", dependencies: ["PrecisText", "CPrecisData"]),
    // SHA-256 from Debian's libssl-dev (libcrypto; module map in Sources/CLibcrypto), for
    // article hashes: a maintained implementation on the processor's SHA extensions, at no
    // cost to a clean build (swift-crypto would compile BoringSSL and bring Foundation in: see
    // README.md, "Why these dependencies").
    .systemLibrary(name: "CLibcrypto", path: "Sources/CLibcrypto"),
    // SQLite from Debian's libsqlite3-dev (module map in Sources/CSQLite).
    .systemLibrary(name: "CSQLite", path: "Sources/CSQLite"),
    // The GNU build ID of the loaded object holding Precis's code (cache keys change with the build).
    .target(name: "CBuildID"),
    // The result cache: SQLite (WAL) keyed by SHA-256 of the article and everything that shapes the output.
    .target(
      name: "PrecisCache",
      dependencies: ["CSQLite", "CLibcrypto", "CBuildID", "CICU", "PrecisText"],
      // libcrypto.a, not libcrypto.so.3: only the SHA-256 code and the processor detection it
      // needs come in, where loading the shared library adds about 1.2 ms of CPU and 125 page
      // faults to every process (`perf stat -r 60 -e task-clock,page-faults precis --version`
      // with and without LD_PRELOAD=libcrypto.so.3).
      linkerSettings: [.linkedLibrary(":libcrypto.a")]
    ),
    // Batch mode: finds articles, digests them on all cores, writes outputs atomically.
    .target(name: "PrecisBatch", dependencies: ["PrecisText", "PrecisSummarize", "PrecisGloss", "PrecisCache"]),
    // The command-line tool.
    .executableTarget(
      name: "precis",
      dependencies: [
        "PrecisText", "PrecisSummarize", "PrecisGloss", "PrecisCache", "PrecisBatch",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]
    ),
    // Builds models/df-fr.tsv from OrangeSum train (dev-time tool).
    .executableTarget(name: "precis-train", dependencies: ["PrecisText", "PrecisSummarize", "PrecisGloss"]),
    // In-process throughput benchmark (dev-time tool, used by scripts/bench.sh).
    .executableTarget(name: "precis-bench", dependencies: ["PrecisText", "PrecisSummarize", "PrecisGloss"]),
    .target(name: "PrecisTestSupport", dependencies: ["PrecisText"], path: "Tests/PrecisTestSupport"),
    .testTarget(name: "PrecisTextTests", dependencies: ["PrecisText", "PrecisTestSupport"]),
    .testTarget(name: "PrecisGlossTests", dependencies: ["PrecisGloss", "PrecisTestSupport"]),
    .testTarget(name: "PrecisCacheTests", dependencies: ["PrecisCache", "PrecisTestSupport"]),
    .testTarget(name: "PrecisBatchTests", dependencies: ["PrecisBatch", "PrecisCache", "PrecisTestSupport"]),
    .testTarget(
      name: "PrecisSummarizeTests",
      dependencies: ["PrecisSummarize", "PrecisTestSupport"],
      resources: [.copy("Fixtures")]
    ),
    .testTarget(
      name: "PrecisCLITests",
      dependencies: ["precis", "PrecisText", "PrecisCache", "PrecisTestSupport"],
      resources: [.copy("Golden"), .copy("Fixtures")]
    ),
  ]
)
