import HoistCore
import HoistPackaging

extension RuntimeManifest.Architecture {
    /// The packaging side's name for a config's architecture (the two enums share their raw values).
    init(_ architecture: Architecture) {
        switch architecture {
        case .x86_64: self = .x86_64
        case .arm64: self = .arm64
        }
    }
}
