#pragma once
// One resumable upload of an attached image (store/media_attachments.h), for the action
// sender: it asks the server how much of the upload it already holds (an earlier attempt may
// have been cut off), streams the rest in 1 MiB chunks read from the replica, and answers
// with the server's Media. An upload the server finished before is confirmed without sending
// anything again.
#include <grpcpp/grpcpp.h>

#include <QByteArray>

#include <functional>
#include <memory>

#include "devcoll/media/v1/media.grpc.pb.h"
#include "devcoll/result.h"

namespace devcoll::app {

struct UploadCalls final {
    // A context for the next call (token and deadline set).
    std::function<std::unique_ptr<grpc::ClientContext>()> newContext;
    // Registers the call about to start, so that stopping the sender cancels it (nullptr: the
    // call ended); false when the sender is stopping and no call should start.
    std::function<bool(grpc::ClientContext*)> track;
    // Up to `length` bytes of the file from `offset`.
    std::function<Result<QByteArray>(qint64 offset, qint64 length)> read;
    // Bytes the server holds so far, of the total.
    std::function<void(qint64 sent, qint64 total)> progress;
};

struct UploadOutcome final {
    grpc::Status status;
    // Bytes reached the server on this attempt: a failure after progress is no reason to give
    // the upload up sooner.
    bool progressed = false;
};

UploadOutcome uploadAttachment(media::v1::MediaService::Stub& media, const media::v1::UploadMetadata& metadata,
                               const UploadCalls& calls, media::v1::Media* uploaded);

}  // namespace devcoll::app
