#include "views/relative_time.h"

#include <QCoreApplication>
#include <QLocale>

namespace devcoll::app {

QString relativeTime(const QDateTime& then, const QDateTime& now) {
    if (!then.isValid()) return {};
    // A clock a little behind the server's still says "now" rather than a time in the future.
    const qint64 seconds = std::max<qint64>(0, then.secsTo(now));
    if (seconds < 60) {
        //: A post's time: less than a minute ago.
        return QCoreApplication::translate("RelativeTime", "now");
    }
    if (seconds < 3600) {
        //: A post's time: %1 minutes ago, short form.
        return QCoreApplication::translate("RelativeTime", "%1 min").arg(seconds / 60);
    }
    if (seconds < 24 * 3600) {
        //: A post's time: %1 hours ago, short form.
        return QCoreApplication::translate("RelativeTime", "%1 h").arg(seconds / 3600);
    }
    if (seconds < 7 * 24 * 3600) {
        //: A post's time: %1 days ago, short form.
        return QCoreApplication::translate("RelativeTime", "%1 d").arg(seconds / (24 * 3600));
    }
    const QDate date = then.toLocalTime().date();
    if (date.year() == now.toLocalTime().date().year()) {
        //: A post's date within this year, e.g. "25 Nov" (QLocale date format).
        return QLocale().toString(date, QCoreApplication::translate("RelativeTime", "d MMM"));
    }
    return QLocale().toString(date, QLocale::ShortFormat);
}

}  // namespace devcoll::app
