import Testing

@testable import HoistCore

/// `InvokeTarget`: the stage's alias by default, `$LATEST` for a function without one, `--alias`/`--version` over it.
@Suite("invoke: the target")
struct InvokeTargetTests {
    static let main = StageFunctions.Function(
        name: "shop", functionName: "shop-dev", logGroup: "/aws/lambda/shop-dev", alias: "live")
    static let rotation = StageFunctions.Function(
        name: "rotate", functionName: "shop-dev-rotate", logGroup: "/aws/lambda/shop-dev-rotate", alias: nil)

    @Test("the stage's alias by default; the rotation function unqualified ($LATEST)")
    func defaults() throws {
        #expect(
            try InvokeTarget(function: Self.main) == InvokeTarget(functionName: "shop-dev", qualifier: .alias("live")))
        let rotation = try InvokeTarget(function: Self.rotation)
        #expect(rotation.qualifier == .unqualified)
        #expect(rotation.qualifier.wire == nil)
    }

    @Test("--alias and --version override; $LATEST by name is sent as the qualifier")
    func overrides() throws {
        #expect(try InvokeTarget(function: Self.main, alias: "beta").qualifier == .alias("beta"))
        #expect(try InvokeTarget(function: Self.main, version: "12").qualifier.wire == "12")
        let latest = try InvokeTarget(function: Self.main, version: "$LATEST")
        #expect(latest.qualifier == .latest)
        #expect(latest.qualifier.wire == "$LATEST")
        #expect(try InvokeTarget(function: Self.rotation, alias: "x").qualifier == .alias("x"))
    }

    @Test(
        "refused: both flags, a version that is no number, an alias that is one or has other characters",
        arguments: [("live", "1"), (nil, "v1"), (nil, "-1"), (nil, ""), ("123", nil), ("a.b", nil), ("", nil)]
            as [(String?, String?)])
    func refusals(alias: String?, version: String?) {
        #expect(throws: InvokeError.self) { try InvokeTarget(function: Self.main, alias: alias, version: version) }
    }
}
