/// Where the backend's Swift package is and which executable product becomes the function's `bootstrap`.
public struct BackendConfig: Sendable, Equatable {
    /// The package folder, as written (relative to the configuration file's folder unless absolute); default `.`.
    public var path: String
    /// The executable product to build; required for `provided.*` runtimes, nil for Python.
    public var product: String?

    /// Creates the backend settings.
    public init(path: String = ".", product: String? = nil) {
        self.path = path
        self.product = product
    }
}
