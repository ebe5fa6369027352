#include "views/untrusted_text.h"

namespace devcoll::app {

QVariant UntrustedTextDocument::loadResource(int, const QUrl&) { return {}; }

UntrustedTextBrowser::UntrustedTextBrowser(QWidget* parent) : QTextBrowser(parent) {
    setDocument(new UntrustedTextDocument(this));
}

QVariant UntrustedTextBrowser::loadResource(int, const QUrl&) { return {}; }

}  // namespace devcoll::app
