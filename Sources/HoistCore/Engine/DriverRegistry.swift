/// Every resource kind's driver, in creation order. Adding a kind is its driver's file plus one line here.
public enum DriverRegistry {
    /// The drivers, in the order a fresh deploy creates their kinds.
    public static let drivers: [AnyResourceDriver] = [
        AnyResourceDriver(ArtifactBucketDriver()),
        AnyResourceDriver(ArtifactBucketLifecycleDriver()),
        AnyResourceDriver(ArtifactDriver()),
        AnyResourceDriver(PermissionsBoundaryDriver()),
        AnyResourceDriver(RoleDriver()),
        AnyResourceDriver(RolePolicyDriver()),
        AnyResourceDriver(LogGroupDriver()),
        AnyResourceDriver(TableDriver()),
        AnyResourceDriver(SecretDriver()),
        AnyResourceDriver(QueueDriver()),
        AnyResourceDriver(LayerDriver()),
        AnyResourceDriver(FunctionDriver()),
        AnyResourceDriver(FunctionVersionDriver()),
        AnyResourceDriver(AliasDriver()),
        AnyResourceDriver(EventSourceMappingDriver()),
        AnyResourceDriver(FunctionURLDriver()),
        AnyResourceDriver(ScheduleDriver()),
        AnyResourceDriver(APIDriver()),
        AnyResourceDriver(IntegrationDriver()),
        AnyResourceDriver(RouteDriver()),
        AnyResourceDriver(StageDriver()),
        AnyResourceDriver(PermissionDriver()),
        AnyResourceDriver(SecretRotationDriver()),
    ]

    static let positions: [ResourceKind: Int] = Dictionary(
        uniqueKeysWithValues: drivers.enumerated().map { ($0.element.kind, $0.offset) })

    /// The driver of a kind.
    public static func driver(for kind: ResourceKind) throws -> AnyResourceDriver {
        guard let index = positions[kind] else {
            throw EngineError(code: .badPlan, message: "no driver for resource kind \(kind)")
        }
        return drivers[index]
    }

    /// A kind's position in creation order; unknown kinds last.
    static func order(of kind: ResourceKind) -> Int { positions[kind] ?? Int.max }
}
