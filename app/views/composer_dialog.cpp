#include "views/composer_dialog.h"
#include "views/untrusted_text.h"

#include <QBuffer>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QIcon>
#include <QImageReader>
#include <QLabel>
#include <QListWidget>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTextBrowser>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

namespace devcoll::app {

namespace {

constexpr int kThumbnailSize = 96;

int characterCount(const QString& text) { return int(text.toUcs4().size()); }

}  // namespace

AttachmentPreview previewAttachment(const QString& path) {
    AttachmentPreview preview{path, prepareAttachment(path), {}};
    if (preview.attachment.ok()) {
        // Decoded at thumbnail size (JPEG scales while decoding), so a large photo costs little.
        QByteArray bytes = preview.attachment->bytes;
        QBuffer buffer(&bytes);
        QImageReader reader(&buffer);
        reader.setAutoTransform(true);
        const QSize full = reader.size();
        if (full.isValid()) {
            reader.setScaledSize(full.scaled(kThumbnailSize * 2, kThumbnailSize * 2, Qt::KeepAspectRatio));
        }
        preview.thumbnail = reader.read();
    }
    return preview;
}

ComposerDialog::ComposerDialog(UserActions& actions, QWidget* parent)
    : QDialog(parent), m_actions(actions), m_editing(false) {
    setWindowTitle(tr("New post"));
    build();
}

ComposerDialog::ComposerDialog(UserActions& actions, QString postId, const QString& body, QWidget* parent)
    : QDialog(parent), m_actions(actions), m_postId(std::move(postId)), m_editing(true) {
    setWindowTitle(tr("Edit post"));
    build();
    m_editor->setPlainText(body);
    m_visibility->hide();
    m_attachButton->hide();
    m_removeButton->hide();
    m_attachmentList->hide();
    updateState();
}

void ComposerDialog::build() {
    m_editor = new QPlainTextEdit(this);
    m_editor->setObjectName(QStringLiteral("postEditor"));
    m_editor->setAccessibleName(tr("Post text"));
    m_editor->setPlaceholderText(tr("What are you working on? Markdown works: **bold**, `code`, ```blocks```."));
    m_editor->setTabChangesFocus(true);
    m_preview = new UntrustedTextBrowser(this);
    m_preview->setObjectName(QStringLiteral("postPreview"));
    m_preview->setAccessibleName(tr("Preview"));
    m_preview->setOpenLinks(false);
    m_tabs = new QTabWidget(this);
    m_tabs->addTab(m_editor, tr("&Write"));
    m_tabs->addTab(m_preview, tr("Pre&view"));
    connect(m_tabs, &QTabWidget::currentChanged, this, [this](int tab) {
        if (tab == 1) {
            m_preview->setMarkdown(m_editor->toPlainText());
        }
    });

    m_count = new QLabel(this);
    m_count->setObjectName(QStringLiteral("characterCount"));
    m_count->setAccessibleName(tr("Characters used"));

    m_visibility = new QComboBox(this);
    m_visibility->setObjectName(QStringLiteral("visibilityCombo"));
    m_visibility->setAccessibleName(tr("Who can see the post"));
    m_visibility->addItem(tr("Everyone"), 1);      // VISIBILITY_PUBLIC
    m_visibility->addItem(tr("My followers"), 2);  // VISIBILITY_FOLLOWERS

    m_attachmentList = new QListWidget(this);
    m_attachmentList->setObjectName(QStringLiteral("attachmentList"));
    m_attachmentList->setAccessibleName(tr("Attached images"));
    m_attachmentList->setViewMode(QListView::IconMode);
    m_attachmentList->setIconSize(QSize(kThumbnailSize, kThumbnailSize));
    m_attachmentList->setFlow(QListView::LeftToRight);
    m_attachmentList->setWrapping(false);
    m_attachmentList->setFixedHeight(kThumbnailSize + fontMetrics().height() * 3);
    m_attachmentList->setMovement(QListView::Static);
    m_attachmentList->hide();

    m_attachButton = new QPushButton(QIcon(QStringLiteral(":/icons/image.svg")), tr("&Attach images..."), this);
    m_attachButton->setObjectName(QStringLiteral("attachButton"));
    m_attachButton->setToolTip(tr("JPEG, PNG, WebP or GIF, up to 16 MiB each, at most four"));
    connect(m_attachButton, &QPushButton::clicked, this, &ComposerDialog::chooseFiles);
    m_removeButton = new QPushButton(tr("Re&move image"), this);
    m_removeButton->setObjectName(QStringLiteral("removeAttachmentButton"));
    connect(m_removeButton, &QPushButton::clicked, this, &ComposerDialog::removeSelectedAttachment);
    connect(m_attachmentList, &QListWidget::itemSelectionChanged, this, &ComposerDialog::updateState);

    m_error = new QLabel(this);
    m_error->setObjectName(QStringLiteral("errorLabel"));
    m_error->setAccessibleName(tr("Error"));
    m_error->setTextFormat(Qt::PlainText);
    m_error->setWordWrap(true);
    m_error->hide();

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    QPushButton* post = m_buttons->button(QDialogButtonBox::Ok);
    post->setObjectName(QStringLiteral("postButton"));
    post->setText(m_editing ? tr("&Save") : tr("&Post"));
    post->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Return));
    //: Tool tip of the Post button; Ctrl+Return is the shortcut.
    post->setToolTip(tr("Saved on this computer at once, sent when online (Ctrl+Return)"));
    connect(m_buttons, &QDialogButtonBox::accepted, this, &ComposerDialog::submit);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto* tools = new QHBoxLayout;
    tools->addWidget(m_attachButton);
    tools->addWidget(m_removeButton);
    tools->addStretch(1);
    tools->addWidget(m_visibility);
    tools->addWidget(m_count);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_tabs, 1);
    layout->addWidget(m_attachmentList);
    layout->addLayout(tools);
    layout->addWidget(m_error);
    layout->addWidget(m_buttons);

    connect(m_editor, &QPlainTextEdit::textChanged, this, &ComposerDialog::updateState);
    connect(&m_create, &QFutureWatcherBase::finished, this, [this] {
        const Result<QString> outcome = m_create.result();
        if (outcome.ok()) m_postId = *outcome;
        saved(outcome.ok() ? Status() : Status(outcome.error()));
    });
    connect(&m_edit, &QFutureWatcherBase::finished, this, [this] { saved(m_edit.result()); });
    resize(fontMetrics().averageCharWidth() * 80, fontMetrics().height() * 24);
    m_editor->setFocus();
    updateState();
}

void ComposerDialog::chooseFiles() {
    const QString folder = QStandardPaths::writableLocation(QStandardPaths::PicturesLocation);
    const QStringList paths = QFileDialog::getOpenFileNames(this, tr("Attach images"), folder,
                                                            tr("Images (*.jpg *.jpeg *.png *.webp *.gif)"));
    attachFiles(paths);
}

void ComposerDialog::attachFiles(const QStringList& paths) {
    for (const QString& path : paths) {
        if (m_attachments.size() + m_reading >= kMaxPostImages) {
            showError(tr("A post can carry at most %1 images.").arg(kMaxPostImages));
            break;
        }
        ++m_reading;
        // Reading and checking up to 16 MiB, and decoding the thumbnail, happen off the GUI thread.
        auto* watcher = new QFutureWatcher<AttachmentPreview>(this);
        connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher] {
            watcher->deleteLater();
            --m_reading;
            attachmentRead(watcher->result());
        });
        watcher->setFuture(QtConcurrent::run(previewAttachment, path));
    }
    updateState();
}

void ComposerDialog::attachmentRead(const AttachmentPreview& preview) {
    if (!preview.attachment.ok()) {
        //: %1 is a file name, %2 why it cannot be attached (in English).
        showError(
            tr("Cannot attach %1: %2")
                .arg(QFileInfo(preview.path).fileName(), QString::fromStdString(preview.attachment.error().message)));
        updateState();
        return;
    }
    m_attachments.append(*preview.attachment);
    auto* item = new QListWidgetItem(m_attachmentList);
    item->setText(preview.attachment->fileName);
    item->setToolTip(preview.path);
    item->setIcon(preview.thumbnail.isNull() ? QIcon(QStringLiteral(":/icons/image.svg"))
                                             : QIcon(QPixmap::fromImage(preview.thumbnail)));
    m_attachmentList->show();
    updateState();
}

void ComposerDialog::removeSelectedAttachment() {
    const int row = m_attachmentList->currentRow();
    if (row < 0 || row >= m_attachments.size()) return;
    m_attachments.removeAt(row);
    delete m_attachmentList->takeItem(row);
    m_attachmentList->setVisible(!m_attachments.isEmpty());
    updateState();
}

void ComposerDialog::updateState() {
    const int used = characterCount(m_editor->toPlainText());
    const bool tooLong = used > kMaxPostCharacters;
    //: The character count under the post editor: %1 used of %2 allowed.
    m_count->setText(tr("%1 / %2").arg(QLocale().toString(used), QLocale().toString(kMaxPostCharacters)));
    m_count->setToolTip(
        tooLong ? tr("The post is too long: shorten it to %1 characters.").arg(QLocale().toString(kMaxPostCharacters))
                : QString());
    QPalette countPalette = palette();
    if (tooLong) countPalette.setColor(QPalette::WindowText, QColor(0xb9, 0x1c, 0x1c));
    m_count->setPalette(countPalette);

    const bool busy = m_create.isRunning() || m_edit.isRunning();
    const bool empty = m_editor->toPlainText().trimmed().isEmpty();
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(!busy && !empty && !tooLong && m_reading == 0);
    m_attachButton->setEnabled(!busy && m_attachments.size() + m_reading < kMaxPostImages);
    m_removeButton->setEnabled(!busy && m_attachmentList->currentRow() >= 0);
    m_editor->setReadOnly(busy);
}

void ComposerDialog::submit() {
    if (m_create.isRunning() || m_edit.isRunning()) return;
    m_error->hide();
    if (m_editing) {
        m_edit.setFuture(m_actions.editPost(m_postId, m_editor->toPlainText()));
    } else {
        PostDraft draft{m_editor->toPlainText(), m_visibility->currentData().toInt(), m_attachments};
        m_create.setFuture(m_actions.createPost(std::move(draft)));
    }
    updateState();
}

void ComposerDialog::saved(const Status& outcome) {
    updateState();
    if (outcome.ok()) {
        accept();
        return;
    }
    showError(UserActions::errorMessage(outcome.error()));
}

void ComposerDialog::showError(const QString& message) {
    m_error->setText(message);
    m_error->show();
}

}  // namespace devcoll::app
