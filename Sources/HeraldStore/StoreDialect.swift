/// Which SQL engine a store runs on; the few statements that differ between the two switch on it.
public enum StoreDialect: String, Sendable {
    case sqlite
    case postgres
}
