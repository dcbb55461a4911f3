import Foundation
import HoistCore
import HoistPackaging
import Synchronization
import Testing

@testable import HoistCommands

/// The artifacts of a project of several Swift products: one zip each, and an unchanged product is not zipped again.
@Suite("project artifacts")
struct ProjectArtifactsTests {
    @Test("each product is zipped on its own; a second run reuses every zip; one changed product is zipped again")
    func perProductZips() throws {
        let folder = try HoistBinary.temporaryFolder()
        try """
        project: shop
        functions:
          api: {product: api, http: $default}
          worker: {product: worker, queue: {}}
          report: {product: worker, schedule: rate(1 day)}
        """.write(to: folder.appendingPathComponent("hoist.yml"), atomically: true, encoding: .utf8)
        let products = folder.appendingPathComponent("products")
        try FileManager.default.createDirectory(at: products, withIntermediateDirectories: true)
        for product in ["api", "worker"] {
            try "#!/bin/sh\necho \(product)\n".write(
                to: products.appendingPathComponent(product), atomically: true, encoding: .utf8)
        }
        let config = try HoistConfig.load(path: folder.appendingPathComponent("hoist.yml").path).resolved()
        let options = ArtifactOptions(bootstrap: "products", skipBuild: true, skipGate: true)
        let reused = Mutex<[Set<String>]>([])
        let record = { (result: ArtifactPackager.Result) in reused.withLock { $0.append(result.reusedArtifacts) } }

        let first = try ArtifactPipeline.prepareProject(config, options: options, report: record)
        #expect(first.codes["api"] != first.codes["worker"])
        // Two functions of one product share its zip.
        #expect(first.codes["report"] == first.codes["worker"])
        #expect(reused.withLock { $0 } == [[], []])

        reused.withLock { $0 = [] }
        let second = try ArtifactPipeline.prepareProject(config, options: options, report: record)
        #expect(second.codes == first.codes)
        #expect(reused.withLock { $0 }.allSatisfy { $0.contains("code") }, "\(reused.withLock { $0 })")

        try "#!/bin/sh\necho api 2\n".write(
            to: products.appendingPathComponent("api"), atomically: true, encoding: .utf8)
        reused.withLock { $0 = [] }
        let third = try ArtifactPipeline.prepareProject(config, options: options, report: record)
        #expect(third.codes["api"] != first.codes["api"] && third.codes["worker"] == first.codes["worker"])
        #expect(reused.withLock { $0 }.map { $0.contains("code") } == [false, true])
    }
}
