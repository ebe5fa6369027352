#pragma once
// SearchPage: the search field (Ctrl+F) over results as they are typed: from this computer at
// once, also offline, then the server's extra results marked "From the server". A line under
// the field says where the results come from. Return or a double-click opens a post or profile.
#include <QWidget>

#include "sync/account_replica.h"
#include "views/search_model.h"

class QLabel;
class QLineEdit;
class QListView;

namespace devcoll::app {
class PostDelegate;
class ThumbnailCache;
}  // namespace devcoll::app

namespace devcoll::app {

class SearchPage final : public QWidget {
    Q_OBJECT

public:
    explicit SearchPage(AccountReplica& replica, QWidget* parent = nullptr);

    // Focuses the field with its text selected, ready for a new query.
    void focusQuery();
    SearchModel* model() const { return m_model; }
    // The results' images come from the account's thumbnails.
    void useThumbnails(ThumbnailCache* cache);

signals:
    void openPostRequested(const QString& postId);
    void openProfileRequested(const QString& userId);

private:
    void open(const QModelIndex& index);

    SearchModel* m_model = nullptr;
    QLineEdit* m_query = nullptr;
    QLabel* m_status = nullptr;
    QListView* m_results = nullptr;
    PostDelegate* m_delegate = nullptr;
};

}  // namespace devcoll::app
