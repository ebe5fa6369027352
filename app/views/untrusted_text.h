#pragma once
// Markdown from other people, shown without fetching what it points to. QTextDocument and
// QTextBrowser load an image's source themselves: a post saying ![x](/dev/zero) or
// ![x](/home/me/.ssh/id_rsa) would make the app read local files (and /dev/zero for ever).
// These load nothing; an image in a post's text shows as a placeholder. The pictures a post
// carries come from its media ids instead (ThumbnailCache).
#include <QTextBrowser>
#include <QTextDocument>

namespace devcoll::app {

class UntrustedTextDocument final : public QTextDocument {
    Q_OBJECT

public:
    using QTextDocument::QTextDocument;

protected:
    QVariant loadResource(int type, const QUrl& name) override;
};

// Its document is an UntrustedTextDocument: a QTextDocument whose loader returns nothing falls
// back to reading local files itself.
class UntrustedTextBrowser final : public QTextBrowser {
    Q_OBJECT

public:
    explicit UntrustedTextBrowser(QWidget* parent = nullptr);
    QVariant loadResource(int type, const QUrl& name) override;
};

}  // namespace devcoll::app
