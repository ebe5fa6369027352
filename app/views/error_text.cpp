#include "views/error_text.h"

#include <QCoreApplication>

namespace devcoll::app {

QString errorText(const Error& error, const ServerAddress& server) {
    const QString serverWords = QString::fromStdString(error.message);
    switch (error.code) {
        case ErrorCode::Unauthenticated:
            return QCoreApplication::translate(
                "ErrorText", "The user name or password is wrong, or the session has ended. Please sign in again.");
        case ErrorCode::Unavailable:
        case ErrorCode::DeadlineExceeded:
            //: %1 is the server's address, host:port.
            return QCoreApplication::translate(
                       "ErrorText",
                       "The server at %1 cannot be reached. Check the address and your network connection.")
                .arg(server.toString());
        case ErrorCode::ResourceExhausted:
            return QCoreApplication::translate(
                "ErrorText", "Too many attempts in a short time. Please wait a minute and try again.");
        case ErrorCode::PermissionDenied:
            //: %1 is the server's explanation.
            return QCoreApplication::translate("ErrorText", "This is not allowed: %1").arg(serverWords);
        case ErrorCode::InvalidArgument:
        case ErrorCode::AlreadyExists:
        case ErrorCode::FailedPrecondition:
        case ErrorCode::NotFound:
            //: %1 is the server's explanation, in English.
            return QCoreApplication::translate("ErrorText", "The server says: %1").arg(serverWords);
        default:
            //: %1 is a technical explanation, in English.
            return QCoreApplication::translate("ErrorText", "Something went wrong: %1").arg(serverWords);
    }
}

}  // namespace devcoll::app
