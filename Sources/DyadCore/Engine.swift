/// The engine's name and version, written into every event and used in event ids.
public enum Engine {
    public static let version = "0.1.0"
    public static let name = "dyad \(version)"
}
