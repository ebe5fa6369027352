#include "gateway/media_transfer.h"

#include <charconv>

#include "devcoll/media/v1/media.grpc.pb.h"
#include "gateway/multipart_form.h"

namespace devcoll::gateway {
namespace {

constexpr std::size_t kChunkBytes = 1024 * 1024;  // UploadMedia's largest chunk

std::optional<std::int64_t> number(std::string_view text) {
    std::int64_t value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size() || text.empty() || value < 0) return std::nullopt;
    return value;
}

}  // namespace

Result<UploadForm> uploadFormOf(std::string_view contentType, std::string_view body) {
    const auto boundary = formBoundary(contentType);
    if (!boundary) {
        return makeError(ErrorCode::InvalidArgument,
                         "an upload is sent as multipart/form-data with the image in a part named 'file'");
    }
    DEVCOLL_TRY(std::vector<FormPart> parts, parseMultipartForm(body, *boundary));
    UploadForm form;
    bool haveFile = false;
    for (const FormPart& part : parts) {
        if (part.name == "file") {
            if (haveFile) return makeError(ErrorCode::InvalidArgument, "the form has more than one 'file' part");
            haveFile = true;
            form.file = part.data;
            form.fileName = part.fileName;
            form.declaredType = part.contentType;
        } else if (part.name == "media_id" || part.name == "mediaId") {
            form.mediaId = std::string(part.data);
        } else if (part.name == "sha256") {
            form.sha256 = std::string(part.data);
        } else {
            return makeError(ErrorCode::InvalidArgument,
                             "unknown form field '" + part.name + "' (expected file, media_id and sha256)");
        }
    }
    if (!haveFile) return makeError(ErrorCode::InvalidArgument, "the form has no part named 'file'");
    if (form.file.empty()) return makeError(ErrorCode::InvalidArgument, "the file is empty");
    return form;
}

grpc::Status uploadMedia(grpc::ChannelInterface& channel, grpc::ClientContext& context, const UploadForm& form,
                         media::v1::UploadMediaResponse* response) {
    auto stub = media::v1::MediaService::NewStub(std::shared_ptr<grpc::ChannelInterface>(&channel, [](auto*) {}));
    auto writer = stub->UploadMedia(&context, response);
    media::v1::UploadMediaRequest message;
    auto* metadata = message.mutable_metadata();
    metadata->set_media_id(form.mediaId);
    metadata->set_file_name(form.fileName);
    metadata->set_declared_content_type(form.declaredType);
    metadata->set_total_size(static_cast<std::int64_t>(form.file.size()));
    metadata->set_sha256(form.sha256);
    message.set_offset(0);
    bool open = writer->Write(message);
    for (std::size_t offset = 0; open && offset < form.file.size(); offset += kChunkBytes) {
        media::v1::UploadMediaRequest chunk;
        chunk.set_chunk(std::string(form.file.substr(offset, kChunkBytes)));
        chunk.set_offset(static_cast<std::int64_t>(offset));
        open = writer->Write(chunk);
    }
    // A refused upload ends the stream early; Finish() then carries the reason.
    if (open) writer->WritesDone();
    return writer->Finish();
}

Result<std::optional<ByteRange>> parseRange(std::string_view header) {
    constexpr std::string_view kUnit = "bytes=";
    if (header.substr(0, kUnit.size()) != kUnit) return std::optional<ByteRange>{};
    const std::string_view spec = header.substr(kUnit.size());
    if (spec.find(',') != std::string_view::npos) return std::optional<ByteRange>{};
    const std::size_t dash = spec.find('-');
    const Error bad = makeError(ErrorCode::InvalidArgument, "malformed Range header '" + std::string(header) + "'");
    if (dash == std::string_view::npos) return bad;
    ByteRange range;
    if (dash == 0) {
        range.suffix = number(spec.substr(1));
        if (!range.suffix || *range.suffix == 0) return bad;
        return std::optional<ByteRange>(range);
    }
    const auto first = number(spec.substr(0, dash));
    if (!first) return bad;
    range.first = *first;
    if (dash + 1 < spec.size()) {
        range.last = number(spec.substr(dash + 1));
        if (!range.last || *range.last < range.first) return bad;
    }
    return std::optional<ByteRange>(range);
}

grpc::Status downloadMedia(grpc::ChannelInterface& channel, grpc::ClientContext& context,
                           const media::v1::DownloadMediaRequest& request, const std::optional<ByteRange>& range,
                           Download* download) {
    auto stub = media::v1::MediaService::NewStub(std::shared_ptr<grpc::ChannelInterface>(&channel, [](auto*) {}));
    media::v1::DownloadMediaRequest ask = request;
    // A suffix range needs the size first: read from the start and keep the tail.
    ask.set_offset(range && !range->suffix ? range->first : 0);
    auto reader = stub->DownloadMedia(&context, ask);
    media::v1::DownloadMediaResponse chunk;
    std::string bytes;
    std::int64_t first = ask.offset();
    bool haveSize = false;
    std::int64_t wantedEnd = 0;  // exclusive
    while (reader->Read(&chunk)) {
        if (!haveSize) {
            haveSize = true;
            download->totalSize = chunk.total_size();
            download->contentType = chunk.content_type();
            wantedEnd = download->totalSize;
            if (range && range->last) wantedEnd = std::min(wantedEnd, *range->last + 1);
        }
        bytes += chunk.chunk();
        if (first + static_cast<std::int64_t>(bytes.size()) >= wantedEnd) {
            context.TryCancel();  // the rest is not wanted
            break;
        }
    }
    grpc::Status status = reader->Finish();
    if (!haveSize) return status.ok() ? grpc::Status(grpc::StatusCode::INTERNAL, "no bytes came back") : status;
    if (!status.ok() && status.error_code() != grpc::StatusCode::CANCELLED) return status;
    if (first + static_cast<std::int64_t>(bytes.size()) < wantedEnd) {
        return grpc::Status(grpc::StatusCode::UNAVAILABLE, "the download ended early; try again");
    }
    if (range && range->suffix) {
        const std::int64_t take = std::min(*range->suffix, download->totalSize);
        first = download->totalSize - take;
        bytes = bytes.substr(static_cast<std::size_t>(first), static_cast<std::size_t>(take));
    } else {
        bytes.resize(static_cast<std::size_t>(wantedEnd - first));
    }
    download->first = first;
    download->bytes = std::move(bytes);
    download->partial = range.has_value();
    return grpc::Status::OK;
}

}  // namespace devcoll::gateway
