/// FNV-1a, 64-bit: a fast fingerprint of bytes for names and validators (asset file
/// names, imported photo names, ETags). Not a defence against anyone crafting collisions.
public enum ContentHash {
    public static func fnv1a64(_ bytes: some Sequence<UInt8>) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return hash
    }

    /// The fingerprint in lowercase hexadecimal.
    public static func hex(_ bytes: some Sequence<UInt8>) -> String {
        String(fnv1a64(bytes), radix: 16)
    }
}
