#pragma once
// HttpClient: a blocking HTTP/1.1 client for the gateway's tests, on QNetworkAccessManager,
// so that requests go over a real socket as a browser's or curl's would. Redirects are not
// followed: the tests look at them.
#include <QByteArray>
#include <QList>
#include <QNetworkAccessManager>
#include <QPair>
#include <QString>

#include <nlohmann/json.hpp>

namespace devcoll::test {

struct HttpReply final {
    int status = 0;  // 0: no HTTP answer (see error)
    QString error;   // the transport's error, for failure messages
    QByteArray body;
    QList<QPair<QByteArray, QByteArray>> headers;

    QByteArray header(const QByteArray& name) const;
    // The body as JSON; a discarded value when it is not JSON.
    nlohmann::json json() const;
    // "404 {"code":5,...}" for failure messages.
    QString describe() const;
};

class HttpClient final {
public:
    explicit HttpClient(int port) : m_port(port) {}

    using Headers = QList<QPair<QByteArray, QByteArray>>;
    // `path` may carry a query. A bearer token, when given, goes in Authorization.
    HttpReply send(const QByteArray& verb, const QString& path, const QByteArray& body = {},
                   const QByteArray& contentType = "application/json", const std::string& bearer = {},
                   const Headers& headers = {});
    HttpReply get(const QString& path, const std::string& bearer = {}, const Headers& headers = {}) {
        return send("GET", path, {}, {}, bearer, headers);
    }
    HttpReply post(const QString& path, const nlohmann::json& body, const std::string& bearer = {}) {
        return send("POST", path, QByteArray::fromStdString(body.dump()), "application/json", bearer);
    }

    QString url(const QString& path) const;

private:
    int m_port;
    QNetworkAccessManager m_manager;
};

// A multipart/form-data body with one file part "file" and the given text fields; sets
// `contentType` to the type with its boundary.
QByteArray multipartForm(const QByteArray& fileBytes, const QString& fileName, const QByteArray& fileType,
                         const QList<QPair<QByteArray, QByteArray>>& fields, QByteArray* contentType);

}  // namespace devcoll::test

// Fails the test with the reply when its status is not `expected`. `reply` is evaluated once:
// it is often the request itself.
#define DEVCOLL_EXPECT_STATUS(reply, expected)                                              \
    do {                                                                                    \
        const ::devcoll::test::HttpReply devcollReply_ = (reply);                           \
        QVERIFY2(devcollReply_.status == (expected), qPrintable(devcollReply_.describe())); \
    } while (false)

// Compares two nlohmann::json values, printing both on failure (QCOMPARE cannot take them).
#define DEVCOLL_COMPARE_JSON(actual, expected)                                                                  \
    do {                                                                                                        \
        const nlohmann::json devcollActual_ = (actual);                                                         \
        const nlohmann::json devcollExpected_ = (expected);                                                     \
        QVERIFY2(devcollActual_ == devcollExpected_,                                                            \
                 qPrintable(QString::fromStdString(devcollActual_.dump() + " != " + devcollExpected_.dump()))); \
    } while (false)
