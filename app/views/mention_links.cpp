#include "views/mention_links.h"

#include <string>

#include "devcoll/mentions.h"

namespace devcoll::app {
namespace {

const QString kScheme = QStringLiteral("devcoll");
const QString kUserPath = QStringLiteral("user/");

}  // namespace

QString linkMentions(const QString& markdown) {
    const std::string text = markdown.toStdString();
    std::string out;
    out.reserve(text.size());
    std::size_t done = 0;
    for (const Mention& m : findMentions(text)) {
        // Already the text of a link ([@ada](...)): left as its author wrote it.
        if (m.offset > 0 && text[m.offset - 1] == '[') continue;
        out.append(text, done, m.offset - done);
        out += "[@" + m.username + "](devcoll:user/" + m.username + ")";
        done = m.offset + m.length;
    }
    out.append(text, done, std::string::npos);
    return QString::fromStdString(out);
}

QString mentionedUsername(const QUrl& url) {
    if (url.scheme() != kScheme || !url.path().startsWith(kUserPath)) return {};
    return url.path().mid(kUserPath.size());
}

}  // namespace devcoll::app
