import Foundation

/// The file `herald notice new` prints: every field, commented, in both languages.
enum NoticeSkeleton {
    static func yaml(zone: TimeZone, now: Date) -> String {
        // A week ahead at 02:00 local time: past the 24-hour minimum, at a quiet hour.
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let day = calendar.date(byAdding: .day, value: 7, to: calendar.startOfDay(for: now)) ?? now
        let start = calendar.date(bySettingHour: 2, minute: 0, second: 0, of: day) ?? day
        let format = ISO8601DateFormatter()
        format.timeZone = zone
        return """
            # A planned-downtime notice (停机通知). Check it with: herald notice check FILE
            # Preview it with: herald notice preview FILE    Publish it with: herald notice publish FILE
            # Texts are per language; write zh-CN, en or both. Readers get their language, else the other.

            title:
              zh-CN: 系统停机维护通知
              en: Planned maintenance
            reason:                    # why the downtime is needed, in plain words
              zh-CN: 为提升系统稳定性，我们将进行服务器升级。
              en: We are upgrading our servers to make the service more reliable.
            impact:                    # what users will notice
              zh-CN: 维护期间网站和手机应用将无法访问。
              en: The website and the mobile app will be unavailable during the maintenance.
            precautions:               # alternatives or precautions (optional)
              zh-CN: 请提前完成重要操作。
              en: Please finish important tasks beforehand.
            follow_up:                 # sent with the recovery notice (optional)
              zh-CN: 如遇异常，请清除浏览器缓存后重试。
              en: If anything looks wrong, clear your browser cache and try again.
            # closing:                 # replaces the templates' closing line (optional)
            #   zh-CN: 感谢您的理解与支持！
            signature:
              zh-CN: 运维部
              en: Operations team
            contact:
              name: 值班工程师
              phone: "+86 10 1234 5678"
              email: ops@example.com
              url: https://support.example.com
            components: [web]          # catalogue ids of the affected components
            severity: medium           # low, medium or high
            time_zone: \(zone.identifier)
            planned_start: \(format.string(from: start))
            planned_end: \(format.string(from: start.addingTimeInterval(2 * 3600)))
            # expected_duration_minutes: 120   # instead of planned_end
            reminder_minutes: [1440, 60]       # reminders 24 h and 1 h before the start
            audience:                          # leave out for everyone following the components
              visibility: public               # internal: staff only, never on the status page
              groups: []                       # contact groups, e.g. [ops, customer-success]
              roles: []                        # roles or departments, e.g. [dba]
              subscribers: true                # status-page subscribers of the components
            """
    }
}
