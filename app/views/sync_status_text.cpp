#include "views/sync_status_text.h"

#include <QCoreApplication>
#include <QLocale>

namespace devcoll::app {

QString syncStatusText(const SyncStatus& status) {
    QString text;
    switch (status.phase) {
        case SyncPhase::Stopped:
            text = QCoreApplication::translate("SyncStatus", "Not syncing");
            break;
        case SyncPhase::Offline:
            text = status.pendingActions > 0
                       ? QCoreApplication::translate("SyncStatus", "Offline - changes waiting to be sent: %1")
                             .arg(status.pendingActions)
                       : QCoreApplication::translate("SyncStatus", "Offline");
            break;
        case SyncPhase::Syncing:
            text = status.pendingActions > 0
                       ? QCoreApplication::translate("SyncStatus", "Syncing - changes to send: %1")
                             .arg(status.pendingActions)
                       : QCoreApplication::translate("SyncStatus", "Syncing");
            if (status.snapshotProgress > 0) {
                //: %1 is how many posts, profiles and other items have been downloaded so far.
                text += QCoreApplication::translate("SyncStatus", ", %1 items downloaded")
                            .arg(QLocale().toString(status.snapshotProgress));
            }
            break;
        case SyncPhase::UpToDate:
            text = QCoreApplication::translate("SyncStatus", "Up to date");
            break;
    }
    if (status.lastUpToDate.isValid() && status.phase != SyncPhase::UpToDate) {
        //: %1 is a time of day or a date and time.
        text += QCoreApplication::translate("SyncStatus", " - last synced %1")
                    .arg(QLocale().toString(status.lastUpToDate.toLocalTime(), QLocale::ShortFormat));
    }
    if (status.actionIssues > 0) {
        //: %1 is how many of the user's changes failed or are in conflict.
        text +=
            QCoreApplication::translate("SyncStatus", " - changes needing your attention: %1").arg(status.actionIssues);
    }
    return text;
}

}  // namespace devcoll::app
