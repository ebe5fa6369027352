#pragma once
// ComposerDialog: writing a post (Ctrl+N) or editing one of the user's own. Markdown with a
// preview tab, a character count against the server's limit, who may see it, and up to four
// images, each read and checked off the GUI thread and shown as a thumbnail. Posting saves to
// the replica at once (also offline); the upload and the post go to the server with the sync,
// whose progress the main window shows.
#include <QDialog>
#include <QFutureWatcher>
#include <QImage>
#include <QList>

#include "devcoll/result.h"
#include "views/user_actions.h"

class QComboBox;
class QDialogButtonBox;
class QLabel;
class QListWidget;
class QPlainTextEdit;
class QPushButton;
class QTabWidget;
class QTextBrowser;

namespace devcoll::app {

// The server's limits on a post (server/post).
inline constexpr int kMaxPostCharacters = 10'000;
inline constexpr int kMaxPostImages = 4;

// An image read for attaching, with its thumbnail made on the same worker thread.
struct AttachmentPreview final {
    QString path;
    Result<PreparedAttachment> attachment;
    QImage thumbnail;
};
AttachmentPreview previewAttachment(const QString& path);

class ComposerDialog final : public QDialog {
    Q_OBJECT

public:
    // A new post.
    explicit ComposerDialog(UserActions& actions, QWidget* parent = nullptr);
    // An edit of the user's post `postId` whose text is `body` (images and audience stay).
    ComposerDialog(UserActions& actions, QString postId, const QString& body, QWidget* parent = nullptr);

    // Adds images as if chosen in the file dialog (and for tests).
    void attachFiles(const QStringList& paths);
    // The id of the post written, once accepted.
    const QString& postId() const { return m_postId; }

private:
    void build();
    void chooseFiles();
    void attachmentRead(const AttachmentPreview& preview);
    void removeSelectedAttachment();
    void updateState();
    void submit();
    void saved(const Status& outcome);
    void showError(const QString& message);

    UserActions& m_actions;
    QString m_postId;  // set: editing
    const bool m_editing;
    QTabWidget* m_tabs = nullptr;
    QPlainTextEdit* m_editor = nullptr;
    QTextBrowser* m_preview = nullptr;
    QLabel* m_count = nullptr;
    QComboBox* m_visibility = nullptr;
    QListWidget* m_attachmentList = nullptr;
    QPushButton* m_attachButton = nullptr;
    QPushButton* m_removeButton = nullptr;
    QLabel* m_error = nullptr;
    QDialogButtonBox* m_buttons = nullptr;
    QList<PreparedAttachment> m_attachments;
    int m_reading = 0;  // images being read
    QFutureWatcher<Result<QString>> m_create;
    QFutureWatcher<Status> m_edit;
};

}  // namespace devcoll::app
