import HoistCore
import Testing

/// `deploy:` in hoist.yml: the alias, the versions kept, a canary and its threshold; every bad value reported at
/// its line, all at once.
@Suite("hoist.yml deploy:")
struct DeployConfigTests {
    static let base = "project: movies-api\nbackend:\n  product: bootstrap\n"

    @Test("defaults, and every key set")
    func values() throws {
        let defaults = try HoistConfig.parse(yaml: Self.base, file: "hoist.yml").deploy
        #expect(defaults == DeployConfig(alias: "live", keepVersions: 5, canary: nil))
        #expect(defaults.canaryThreshold == 0)
        let set = try HoistConfig.parse(
            yaml: Self.base + "deploy:\n  alias: prod\n  keep_versions: 3\n  canary: 2.5%:90s\n  canary_threshold: 4\n",
            file: "hoist.yml"
        ).deploy
        #expect(set.alias == "prod")
        #expect(set.keepVersions == 3)
        #expect(set.canary == CanarySpec(percent: 2.5, windowSeconds: 90))
        #expect(set.canary?.description == "2.5%:90s")
        #expect(set.canaryThreshold == 4)
    }

    @Test("a version-number alias, one version kept, a canary without a window, a negative threshold: four errors")
    func refused() throws {
        let yaml =
            Self.base + "deploy:\n  alias: \"12\"\n  keep_versions: 1\n  canary: 10%\n  canary_threshold: -1\n"
        let errors = try #require(
            throws: HoistConfigErrors.self, performing: { try HoistConfig.parse(yaml: yaml, file: "hoist.yml") })
        #expect(errors.errors.map(\.line) == [5, 6, 7, 8], "\(errors)")
        #expect(errors.description.contains("'12' is not a valid alias name"), "\(errors)")
        #expect(errors.description.contains("PERCENT%:WINDOW"), "\(errors)")
    }

    @Test("canary text: percent and window parsed, out of range or malformed refused")
    func canaryText() {
        #expect(CanarySpec("10%:5m") == CanarySpec(percent: 10, windowSeconds: 300))
        #expect(CanarySpec("50%:1h")?.weight == 0.5)
        for bad in ["10%", "10:5m", "0%:5m", "100%:5m", "10%:0s", "10%:25h", "10%:5x", "%:5m", "10%:m"] {
            #expect(CanarySpec(bad) == nil, "\(bad)")
        }
    }
}
