#pragma once
// How long ago something happened, in the short form feeds use: "now", "5 min", "3 h", "2 d",
// then the date. `now` is passed in, so a view can refresh the texts on a timer and a test can
// fix the clock.
#include <QDateTime>
#include <QString>

namespace devcoll::app {

QString relativeTime(const QDateTime& then, const QDateTime& now);

}  // namespace devcoll::app
