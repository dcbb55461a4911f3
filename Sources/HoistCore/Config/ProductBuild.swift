/// One executable a Swift project deploys: a product built for one architecture. Functions of the same product
/// and architecture share it (and its zip); a product two functions run on different architectures is built
/// twice, once per architecture.
public struct ProductBuild: Sendable, Hashable, Comparable {
    /// The executable product.
    public var product: String
    /// The instruction set it is built for.
    public var architecture: Architecture
    /// Its folder under `.hoist/build`, `.hoist/dist` and `.hoist/cache`, and its name under `--bootstrap DIR`:
    /// the product for the project's architecture (the top-level one, so a project without per-function
    /// architectures keeps its folders), `<product>@<architecture>` for another.
    public var folder: String

    /// Creates the build of `product` for `architecture` in a project whose top-level architecture is `project`.
    public init(product: String, architecture: Architecture, project: Architecture) {
        self.product = product
        self.architecture = architecture
        self.folder = architecture == project ? product : "\(product)@\(architecture.rawValue)"
    }

    /// By folder, so the order (and so the first build, which packages the layer) does not depend on a set's.
    public static func < (lhs: ProductBuild, rhs: ProductBuild) -> Bool { lhs.folder < rhs.folder }
}

extension HoistConfig {
    /// Every product build the functions need, each once, in folder order (pure).
    public var productBuilds: [ProductBuild] {
        Array(Set(functions.compactMap(productBuild(of:)))).sorted()
    }

    /// The build whose bootstrap `function` runs; nil for a Python function.
    public func productBuild(of function: ProjectFunction) -> ProductBuild? {
        function.product.map { ProductBuild(product: $0, architecture: function.architecture, project: architecture) }
    }
}
