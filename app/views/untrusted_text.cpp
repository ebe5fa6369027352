#include "views/untrusted_text.h"

namespace devcoll::app {

QVariant UntrustedTextDocument::loadResource(int, const QUrl&) { return {}; }

QVariant UntrustedTextBrowser::loadResource(int, const QUrl&) { return {}; }

}  // namespace devcoll::app
