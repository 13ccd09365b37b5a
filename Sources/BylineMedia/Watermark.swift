/// A mark laid over renditions at least `minimumWidth` wide, never over the original.
public struct Watermark: Hashable, Sendable {
    public enum Corner: String, Sendable, CaseIterable {
        case topLeft = "top-left", topRight = "top-right", bottomLeft = "bottom-left", bottomRight = "bottom-right"
    }

    public var path: String
    public var corner: Corner
    public var opacity: Double
    public var minimumWidth: Int

    public init(path: String, corner: Corner = .bottomRight, opacity: Double = 0.5, minimumWidth: Int = 640) {
        self.path = path
        self.corner = corner
        self.opacity = min(max(opacity, 0), 1)
        self.minimumWidth = minimumWidth
    }
}
