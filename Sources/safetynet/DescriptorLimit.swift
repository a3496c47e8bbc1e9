import Glibc

/// The process's limit on open descriptors, which bounds how many clients it can hold.
enum DescriptorLimit {
    /// Descriptors kept for everything but client connections: the listener, the database
    /// pool, the event listener, log and certificate files.
    static let reserved = 64

    /// Raises the soft limit to the hard one (1,024 is a common soft default, far below what a
    /// district's grid workers need) and returns the limit now in force.
    static func raised() -> Int {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return 1_024 }
        if limit.rlim_cur < limit.rlim_max {
            var raised = limit
            raised.rlim_cur = limit.rlim_max
            if setrlimit(Int32(RLIMIT_NOFILE.rawValue), &raised) == 0 { limit = raised }
        }
        return Int(clamping: limit.rlim_cur)
    }
}
