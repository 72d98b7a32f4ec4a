/// The release of Herald this build is, as backups record it.
public enum HeraldRelease {
    public static let version = "0.1.0-dev"
}
