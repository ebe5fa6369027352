#include "server/gateway/http_client.h"

#include <QEventLoop>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QTimer>
#include <QUrl>

namespace devcoll::test {

QByteArray HttpReply::header(const QByteArray& name) const {
    for (const auto& [key, value] : headers) {
        if (key.compare(name, Qt::CaseInsensitive) == 0) return value;
    }
    return {};
}

nlohmann::json HttpReply::json() const {
    return nlohmann::json::parse(body.constData(), body.constData() + body.size(), nullptr, false);
}

QString HttpReply::describe() const {
    return QString::number(status) + QLatin1Char(' ') + QString::fromUtf8(body.left(500)) +
           (error.isEmpty() ? QString() : QStringLiteral(" (") + error + QLatin1Char(')'));
}

QString HttpClient::url(const QString& path) const {
    return QStringLiteral("http://127.0.0.1:%1%2").arg(m_port).arg(path);
}

HttpReply HttpClient::send(const QByteArray& verb, const QString& path, const QByteArray& body,
                           const QByteArray& contentType, const std::string& bearer, const Headers& headers) {
    QNetworkRequest request{QUrl(url(path))};
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    request.setTransferTimeout(30000);
    if (!contentType.isEmpty() && !body.isEmpty()) request.setRawHeader("Content-Type", contentType);
    if (!bearer.empty()) request.setRawHeader("Authorization", "Bearer " + QByteArray::fromStdString(bearer));
    for (const auto& [name, value] : headers) request.setRawHeader(name, value);
    QNetworkReply* reply = m_manager.sendCustomRequest(request, verb, body);
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    if (!reply->isFinished()) loop.exec();
    HttpReply answer;
    answer.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (answer.status == 0) answer.error = reply->errorString();
    answer.body = reply->readAll();
    answer.headers = reply->rawHeaderPairs();
    reply->deleteLater();
    return answer;
}

QByteArray multipartForm(const QByteArray& fileBytes, const QString& fileName, const QByteArray& fileType,
                         const QList<QPair<QByteArray, QByteArray>>& fields, QByteArray* contentType) {
    const QByteArray boundary = "devcoll-test-boundary-7d1f";
    QByteArray body;
    for (const auto& [name, value] : fields) {
        body += "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value + "\r\n";
    }
    body += "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName.toUtf8() +
            "\"\r\nContent-Type: " + fileType + "\r\n\r\n" + fileBytes + "\r\n--" + boundary + "--\r\n";
    *contentType = "multipart/form-data; boundary=" + boundary;
    return body;
}

}  // namespace devcoll::test
