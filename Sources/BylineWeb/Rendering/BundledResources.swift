import Foundation

/// Finds a folder copied from `Sources/BylineWeb/Resources` into the module's bundle.
///
/// Foundation on Linux and on macOS report the bundle's resource URL differently (with
/// or without a trailing `Resources`), so both layouts are tried.
func bundledDirectory(_ name: String) -> URL? {
    let bundle = Bundle.module
    let candidates = [
        bundle.bundleURL.appendingPathComponent("Resources/\(name)"),
        bundle.resourceURL?.appendingPathComponent(name),
        bundle.resourceURL?.appendingPathComponent("Resources/\(name)"),
    ].compactMap { $0 }
    return candidates.first { FileManager.default.fileExists(atPath: $0.path) } ?? candidates.first
}
