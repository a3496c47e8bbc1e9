/// Every setting the `safetynet` commands read. Each comes from its command-line flag, else its
/// environment variable, else the configuration file, else its default.
public enum SettingKey: String, CaseIterable, Sendable {
    case databaseURL = "SAFETYNET_DATABASE_URL"
    case databaseURLFile = "SAFETYNET_DATABASE_URL_FILE"
    case ownerDatabaseURL = "SAFETYNET_OWNER_DATABASE_URL"
    case ownerDatabaseURLFile = "SAFETYNET_OWNER_DATABASE_URL_FILE"
    case poolSize = "SAFETYNET_POOL_SIZE"
    case host = "SAFETYNET_HOST"
    case port = "SAFETYNET_PORT"
    case certificate = "SAFETYNET_TLS_CERTIFICATE"
    case privateKey = "SAFETYNET_TLS_PRIVATE_KEY"
    case clientCA = "SAFETYNET_TLS_CLIENT_CA"
    case maxConnections = "SAFETYNET_MAX_CONNECTIONS"
    case auditCheckpoints = "SAFETYNET_AUDIT_CHECKPOINTS"
    case dataDirectory = "SAFETYNET_DATA_DIR"
    case logLevel = "LOG_LEVEL"
    case logFormat = "SAFETYNET_LOG_FORMAT"
    case visitIntervals = "SAFETYNET_VISIT_INTERVALS"
    case assistanceSettings = "SAFETYNET_ASSISTANCE_SETTINGS"
    case personalDataKeysFile = "SAFETYNET_PERSONAL_DATA_KEYS_FILE"
    case metricsHost = "SAFETYNET_METRICS_HOST"
    case metricsPort = "SAFETYNET_METRICS_PORT"

    /// The environment variable.
    public var variable: String { rawValue }

    /// The key in a configuration file: the variable's name without `SAFETYNET_`, in lower case,
    /// with dashes (`SAFETYNET_TLS_CERTIFICATE` is `tls-certificate`, `LOG_LEVEL` is `log-level`).
    public var fileKey: String {
        let name = rawValue.hasPrefix("SAFETYNET_") ? rawValue.dropFirst("SAFETYNET_".count) : Substring(rawValue)
        return name.lowercased().replacingOccurrences(of: "_", with: "-")
    }

    /// The variant naming a file that holds the value, for secrets handed over as files.
    public var fileVariant: SettingKey? {
        switch self {
        case .databaseURL: .databaseURLFile
        case .ownerDatabaseURL: .ownerDatabaseURLFile
        default: nil
        }
    }
}
