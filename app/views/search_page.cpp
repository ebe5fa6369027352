#include "views/search_page.h"

#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QVBoxLayout>

#include "views/feed_model.h"
#include "views/post_delegate.h"

namespace devcoll::app {

SearchPage::SearchPage(AccountReplica& replica, QWidget* parent) : QWidget(parent) {
    m_model = new SearchModel(replica, this);

    m_query = new QLineEdit(this);
    m_query->setObjectName(QStringLiteral("searchEdit"));
    m_query->setAccessibleName(tr("Search"));
    m_query->setClearButtonEnabled(true);
    m_query->setMaxLength(256);
    m_query->addAction(QIcon(QStringLiteral(":/icons/search.svg")), QLineEdit::LeadingPosition);
    //: Placeholder of the search field; keep the operators (from:, #, -, quotes) as they are.
    m_query->setPlaceholderText(tr("Search posts and people: words, \"a phrase\", -without, from:name, #tag"));

    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("searchStatus"));
    m_status->setAccessibleName(tr("Where the results come from"));
    m_status->setTextFormat(Qt::PlainText);

    m_results = new QListView(this);
    m_results->setObjectName(QStringLiteral("searchResults"));
    m_results->setAccessibleName(tr("Search results"));
    m_delegate = new PostDelegate(m_results);
    m_results->setItemDelegate(m_delegate);
    m_results->setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);
    m_results->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_results->setResizeMode(QListView::Adjust);
    m_results->setModel(m_model);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_query);
    layout->addWidget(m_status);
    layout->addWidget(m_results, 1);

    connect(m_query, &QLineEdit::textChanged, m_model, &SearchModel::setQuery);
    // Down from the field goes to the results, as in a browser's address bar.
    connect(m_query, &QLineEdit::returnPressed, this, [this] {
        if (m_model->rowCount() > 0) {
            m_results->setFocus();
            m_results->setCurrentIndex(m_model->index(0, 0));
        }
    });
    connect(m_results, &QAbstractItemView::activated, this, &SearchPage::open);
    connect(m_model, &SearchModel::localResultsReady, this, [this] {
        m_status->setText(m_model->query().isEmpty() ? QString()
                          : m_model->rowCount() == 0 ? tr("Nothing on this computer; asking the server...")
                                                     : tr("Results from this computer; asking the server..."));
    });
    connect(m_model, &SearchModel::serverResultsReady, this, [this](bool ok, const QString& why) {
        if (ok) {
            m_status->setText(m_model->rowCount() == 0 ? tr("Nothing found.")
                                                       : tr("Results from this computer and the server."));
        } else {
            m_status->setToolTip(why);
            m_status->setText(tr("The server cannot be asked now: results from this computer only."));
        }
    });
}

void SearchPage::focusQuery() {
    m_query->setFocus();
    m_query->selectAll();
}

void SearchPage::open(const QModelIndex& index) {
    if (!index.isValid()) return;
    const QString id = index.data(FeedModel::IdRole).toString();
    if (index.data(FeedModel::IsProfileRole).toBool()) {
        emit openProfileRequested(id);
    } else {
        emit openPostRequested(id);
    }
}

void SearchPage::useThumbnails(ThumbnailCache* cache) { m_delegate->useThumbnails(cache, m_results); }

}  // namespace devcoll::app
