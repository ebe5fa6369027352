#pragma once
// Mentions in a post's Markdown as links to the people named: `@ada` becomes a link to
// devcoll:user/ada, by the same rules the server notifies by (shared/devcoll/mentions.h), so
// nothing in code becomes a link. The post page opens the profile when one is clicked.
#include <QString>
#include <QUrl>

namespace devcoll::app {

QString linkMentions(const QString& markdown);

// The username a link made by linkMentions() names; empty for any other link.
QString mentionedUsername(const QUrl& url);

}  // namespace devcoll::app
