import BylineMedia
import BylineNewsroom
import BylineWeb
import Configuration
import Foundation

/// Every setting, read in one place: a command-line flag wins over its `BYLINE_*`
/// environment variable, which wins over the default.
struct Settings {
    var host: String
    var port: Int
    var dataDirectory: URL
    var databaseURL: String?
    var redisURL: String?
    var publicURL: String?
    var agencyName: String
    var siteName: String
    /// IndexNow, when `BYLINE_INDEXNOW_KEY` is set (with a public URL).
    var indexNow: IndexNowConfiguration?
    /// The footer's legal facts: `BYLINE_REGISTRATION_NUMBER`, `BYLINE_PUBLISHER`, ... (see Masthead).
    var masthead: Masthead
    /// Whose forwarding headers name the reader (`BYLINE_TRUSTED_PROXIES`).
    var trustedProxies = TrustedProxies.loopback
    /// Upload limits and the watermark: `BYLINE_PHOTO_MAX_MEGAPIXELS`, `BYLINE_WATERMARK` (a PNG)
    /// with `BYLINE_WATERMARK_CORNER`, `BYLINE_WATERMARK_OPACITY` and `BYLINE_WATERMARK_MIN_WIDTH`.
    var photos = PhotoProcessor()

    /// Flags given on the command line, keyed like the environment without the prefix.
    init(flags: [String: String?], environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        var values: [AbsoluteConfigKey: ConfigValue] = [:]
        for case let (key, value?) in flags {
            values[AbsoluteConfigKey(["byline", key])] = ConfigValue(.string(value), isSecret: false)
        }
        let reader = ConfigReader(providers: [
            InMemoryProvider(name: "flags", values: values),
            EnvironmentVariablesProvider(environmentVariables: environment),
        ])
        host = reader.string(forKey: "byline.host", default: "127.0.0.1")
        let portText = reader.string(forKey: "byline.port", default: "8080")
        guard let port = Int(portText), (0...65535).contains(port) else {
            throw SettingsError("port must be a number from 0 to 65535, not '\(portText)'")
        }
        self.port = port
        dataDirectory = URL(fileURLWithPath: reader.string(forKey: "byline.dataDir", default: "./byline-data"))
        databaseURL = reader.string(forKey: "byline.databaseURL").flatMap { $0.isEmpty ? nil : $0 }
        redisURL = reader.string(forKey: "byline.redisURL").flatMap { $0.isEmpty ? nil : $0 }
        publicURL = reader.string(forKey: "byline.publicURL").flatMap { $0.isEmpty ? nil : $0 }
        agencyName = reader.string(forKey: "byline.agencyName", default: "Byline")
        siteName = reader.string(forKey: "byline.siteName", default: "바이라인뉴스")
        var masthead = Masthead.demo
        for setting in Masthead.settings {
            if let value = reader.string(forKey: ConfigKey("byline." + setting.key)), !value.isEmpty {
                masthead[keyPath: setting.path] = value
            }
        }
        self.masthead = masthead
        if let list = reader.string(forKey: "byline.trustedProxies") {
            guard let proxies = TrustedProxies(list: list) else {
                throw SettingsError("trusted proxies must be IP addresses or CIDR ranges separated by commas, not '\(list)'")
            }
            trustedProxies = proxies
        }
        if let text = reader.string(forKey: "byline.photoMaxMegapixels"), !text.isEmpty {
            guard let megapixels = Int(text), (1...1000).contains(megapixels) else {
                throw SettingsError("BYLINE_PHOTO_MAX_MEGAPIXELS must be a number from 1 to 1000, not '\(text)'")
            }
            photos.maximumPixels = megapixels * 1_000_000
        }
        if let path = reader.string(forKey: "byline.watermark"), !path.isEmpty {
            guard FileManager.default.isReadableFile(atPath: path) else {
                throw SettingsError("BYLINE_WATERMARK names '\(path)', which cannot be read")
            }
            var watermark = Watermark(path: path)
            if let text = reader.string(forKey: "byline.watermarkCorner"), !text.isEmpty {
                guard let corner = Watermark.Corner(rawValue: text) else {
                    let names = Watermark.Corner.allCases.map(\.rawValue).joined(separator: ", ")
                    throw SettingsError("BYLINE_WATERMARK_CORNER must be one of \(names), not '\(text)'")
                }
                watermark.corner = corner
            }
            if let text = reader.string(forKey: "byline.watermarkOpacity"), !text.isEmpty {
                guard let opacity = Double(text), (0...1).contains(opacity) else {
                    throw SettingsError("BYLINE_WATERMARK_OPACITY must be a number from 0 to 1, not '\(text)'")
                }
                watermark.opacity = opacity
            }
            if let text = reader.string(forKey: "byline.watermarkMinWidth"), !text.isEmpty {
                guard let width = Int(text), width >= 0 else {
                    throw SettingsError("BYLINE_WATERMARK_MIN_WIDTH must be a number of pixels, not '\(text)'")
                }
                watermark.minimumWidth = width
            }
            photos.watermark = watermark
        }
        if let key = reader.string(forKey: "byline.indexnowKey"), !key.isEmpty {
            let endpoints = reader.string(forKey: "byline.indexnowEndpoints").map { $0.split(separator: ",").map(String.init) }
                ?? IndexNowConfiguration.defaultEndpoints
            guard let configuration = IndexNowConfiguration(key: key, endpoints: endpoints) else {
                throw SettingsError("IndexNow key must be 8 to 128 letters, digits or dashes, and endpoints http(s) URLs")
            }
            guard publicURL != nil else {
                throw SettingsError("IndexNow needs the site's public URL: set BYLINE_PUBLIC_URL as well as BYLINE_INDEXNOW_KEY")
            }
            indexNow = configuration
        }
    }
}

struct SettingsError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

extension String {
    /// `youthOfficerContact` → `YOUTH_OFFICER_CONTACT`, as the environment spells it.
    var snakeUppercased: String {
        var result = ""
        for character in self {
            if character.isUppercase, !result.isEmpty { result += "_" }
            result += character.uppercased()
        }
        return result
    }
}
