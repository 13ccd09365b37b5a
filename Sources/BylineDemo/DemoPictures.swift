/// Draws the demo photos as SVG illustrations: a sky, a scene and a few details,
/// varied by a number so that no two articles share a picture.
enum DemoPictures {
    static let width = 1200
    static let height = 675

    static func svg(scene: DemoScene, variant: Int) -> String {
        let palette = palettes[variant % palettes.count]
        let shift = (variant * 53) % 240
        return """
            <svg xmlns="http://www.w3.org/2000/svg" width="\(width)" height="\(height)" viewBox="0 0 \(width) \(height)">
            <defs><linearGradient id="sky" x1="0" y1="0" x2="0" y2="1">
            <stop offset="0" stop-color="\(palette.skyTop)"/><stop offset="1" stop-color="\(palette.skyBottom)"/>
            </linearGradient></defs>
            <rect width="\(width)" height="\(height)" fill="url(#sky)"/>
            \(body(scene, palette: palette, shift: shift))
            </svg>
            """
    }

    struct Palette {
        let skyTop: String, skyBottom: String, ground: String, accent: String, detail: String
    }

    static let palettes = [
        Palette(skyTop: "#8ec5ff", skyBottom: "#e6f2ff", ground: "#5b7553", accent: "#2f4858", detail: "#f6ae2d"),
        Palette(skyTop: "#ffb88c", skyBottom: "#ffe3c7", ground: "#7a5c3e", accent: "#3d405b", detail: "#e07a5f"),
        Palette(skyTop: "#5f7adb", skyBottom: "#c9d6ff", ground: "#3f6e5a", accent: "#22313f", detail: "#ffd166"),
        Palette(skyTop: "#a0d2db", skyBottom: "#f1faee", ground: "#457b9d", accent: "#1d3557", detail: "#e63946"),
        Palette(skyTop: "#c3aed6", skyBottom: "#f4eefa", ground: "#6d597a", accent: "#355070", detail: "#eaac8b"),
    ]

    static func body(_ scene: DemoScene, palette p: Palette, shift s: Int) -> String {
        switch scene {
        case .city, .building:
            let towers = (0..<9).map { i in
                let x = i * 135 + (s + i * 17) % 40
                let h = 180 + ((s + i * 71) % 300)
                let windows = stride(from: 680 - h + 30, to: 640, by: 40).map { y in
                    "<rect x=\"\(x + 20)\" y=\"\(y)\" width=\"18\" height=\"22\" fill=\"\(p.detail)\" opacity=\"0.7\"/>"
                }.joined()
                return "<rect x=\"\(x)\" y=\"\(675 - h)\" width=\"110\" height=\"\(h)\" fill=\"\(p.accent)\" opacity=\"0.9\"/>\(windows)"
            }.joined()
            return towers + "<rect y=\"640\" width=\"1200\" height=\"35\" fill=\"\(p.ground)\"/>"
        case .mountain, .field:
            return """
                <circle cx="\(900 - s)" cy="150" r="60" fill="\(p.detail)"/>
                <polygon points="0,675 \(250 + s / 2),260 560,675" fill="\(p.accent)"/>
                <polygon points="380,675 \(760 - s / 3),200 1200,675" fill="\(p.ground)"/>
                <rect y="600" width="1200" height="75" fill="\(p.ground)" opacity="0.8"/>
                """
        case .sea:
            let waves = (0..<6).map { i in
                "<path d=\"M0 \(460 + i * 38) Q300 \(430 + i * 38) 600 \(460 + i * 38) T1200 \(460 + i * 38) V675 H0Z\" fill=\"\(p.accent)\" opacity=\"\(0.25 + Double(i) * 0.1)\"/>"
            }.joined()
            return "<circle cx=\"\(300 + s)\" cy=\"380\" r=\"90\" fill=\"\(p.detail)\"/>" + waves
        case .stadium:
            return """
                <ellipse cx="600" cy="560" rx="560" ry="150" fill="\(p.ground)"/>
                <ellipse cx="600" cy="560" rx="420" ry="95" fill="#7cb518"/>
                <rect x="120" y="180" width="12" height="260" fill="\(p.accent)"/><rect x="1068" y="180" width="12" height="260" fill="\(p.accent)"/>
                <circle cx="126" cy="175" r="28" fill="\(p.detail)"/><circle cx="1074" cy="175" r="28" fill="\(p.detail)"/>
                <circle cx="\(560 + s)" cy="540" r="16" fill="#ffffff"/>
                """
        case .stage:
            return """
                <rect width="1200" height="675" fill="\(p.accent)" opacity="0.85"/>
                <polygon points="\(300 + s / 2),0 \(180 + s / 2),560 \(460 + s / 2),560" fill="\(p.detail)" opacity="0.35"/>
                <polygon points="\(880 - s / 2),0 \(740 - s / 2),560 \(1020 - s / 2),560" fill="\(p.skyBottom)" opacity="0.3"/>
                <rect y="560" width="1200" height="115" fill="\(p.ground)"/>
                """
        case .chart:
            let bars = (0..<8).map { i in
                let h = 120 + ((s + i * 97) % 330)
                return "<rect x=\"\(120 + i * 125)\" y=\"\(600 - h)\" width=\"80\" height=\"\(h)\" fill=\"\(i % 2 == 0 ? p.accent : p.ground)\"/>"
            }.joined()
            return "<rect x=\"80\" y=\"80\" width=\"1040\" height=\"540\" fill=\"#ffffff\" opacity=\"0.6\"/>" + bars
                + "<line x1=\"100\" y1=\"600\" x2=\"1100\" y2=\"600\" stroke=\"\(p.accent)\" stroke-width=\"6\"/>"
        case .night:
            let stars = (0..<40).map { i in
                "<circle cx=\"\((s * 7 + i * 131) % 1200)\" cy=\"\((i * 89) % 360)\" r=\"\(1 + i % 3)\" fill=\"#ffffff\"/>"
            }.joined()
            return "<rect width=\"1200\" height=\"675\" fill=\"#0b132b\" opacity=\"0.92\"/>" + stars
                + "<circle cx=\"\(950 - s)\" cy=\"140\" r=\"55\" fill=\"#f4f1de\"/>"
                + "<rect y=\"560\" width=\"1200\" height=\"115\" fill=\"\(p.accent)\"/>"
        case .classroom:
            let desks = (0..<3).flatMap { row in
                (0..<4).map { col in
                    "<rect x=\"\(170 + col * 240)\" y=\"\(430 + row * 70)\" width=\"160\" height=\"40\" fill=\"\(p.ground)\"/>"
                }
            }.joined()
            return """
                <rect width="1200" height="675" fill="\(p.skyBottom)"/>
                <rect x="240" y="70" width="720" height="260" fill="#2d4a3e" stroke="\(p.ground)" stroke-width="14"/>
                <line x1="\(300 + s / 2)" y1="150" x2="\(620 + s / 2)" y2="150" stroke="#ffffff" stroke-width="6"/>
                <line x1="300" y1="220" x2="820" y2="220" stroke="#ffffff" stroke-width="6" opacity="0.7"/>
                """ + desks
        }
    }
}
