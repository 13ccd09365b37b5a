import Crypto
import Foundation
import HummingbirdBcrypt

/// Passwords and tokens: bcrypt for what people type, random tokens for what machines
/// hold, and SHA-256 of those tokens for what the database keeps.
public enum Credentials {
    /// bcrypt's work factor: about a quarter of a second per hash here, slow enough to
    /// make a stolen hash expensive to guess, fast enough for a person signing in.
    public static let bcryptCost: UInt8 = 12

    public static func hashPassword(_ password: String) -> String {
        Bcrypt.hash(password, cost: bcryptCost)
    }

    public static func verify(_ password: String, against hash: String) -> Bool {
        Bcrypt.verify(password, hash: hash)
    }

    /// 32 random bytes from the system's secure generator, as URL-safe base64 (43 characters).
    public static func newToken() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// What the database stores for a token: its SHA-256, hex.
    public static func tokenHash(_ token: String) -> String {
        SHA256.hash(data: Data(token.utf8)).map { byte in
            (byte < 16 ? "0" : "") + String(byte, radix: 16)
        }.joined()
    }

    /// A webhook's `Byline-Signature` header: `t=SECONDS,v1=HEX`, HEX the HMAC-SHA256 of
    /// `SECONDS + "." + body` under the subscriber's secret. Receivers compute the same and
    /// reject a `t` older than five minutes, so a captured delivery cannot be replayed.
    public static func webhookSignature(secret: String, timestamp: Int, body: Data) -> String {
        var message = Data("\(timestamp).".utf8)
        message.append(body)
        let code = HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: Data(secret.utf8)))
        return "t=\(timestamp),v1=" + code.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
    }

    /// Compares two strings in time that does not depend on where they differ (CSRF tokens).
    public static func constantTimeEquals(_ left: String, _ right: String) -> Bool {
        let a = Array(left.utf8)
        let b = Array(right.utf8)
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for index in a.indices { difference |= a[index] ^ b[index] }
        return difference == 0
    }
}
