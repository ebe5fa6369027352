#include "media/image_inspector.h"

#include <magic.h>
#include <spdlog/spdlog.h>
#include <vips/vips8>

#include <algorithm>
#include <array>
#include <mutex>

namespace devcoll::media {
namespace {

struct AllowedType final {
    std::string_view contentType;
    std::string_view loader;  // the libvips loader (its nickname) that must agree with libmagic
};
constexpr std::array kAllowed{
    AllowedType{"image/jpeg", "jpegload_buffer"},
    AllowedType{"image/png", "pngload_buffer"},
    AllowedType{"image/webp", "webpload_buffer"},
    AllowedType{"image/gif", "gifload_buffer"},
};

Error refused(const std::string& why) { return makeError(ErrorCode::InvalidArgument, "file: " + why); }

// libmagic's handle is not thread-safe and slow to load: one per thread, loaded once.
Result<std::string> sniff(std::string_view bytes) {
    struct Cookie final {
        magic_t handle = magic_open(MAGIC_MIME_TYPE);
        bool loaded = handle && magic_load(handle, nullptr) == 0;
        ~Cookie() {
            if (handle) magic_close(handle);
        }
    };
    thread_local Cookie cookie;
    if (!cookie.loaded) return makeError(ErrorCode::Internal, "cannot load the libmagic database");
    const char* type = magic_buffer(cookie.handle, bytes.data(), bytes.size());
    if (!type) return makeError(ErrorCode::Internal, std::string("libmagic: ") + magic_error(cookie.handle));
    return std::string(type);
}

}  // namespace

Status initImageLibrary() {
    static std::once_flag once;
    static bool started = false;
    std::call_once(once, [] {
        started = VIPS_INIT("devcoll-server") == 0;
        if (!started) return;
        vips_block_untrusted_set(TRUE);
        // libvips says what it thinks of a broken file as GLib warnings on stderr; they belong in
        // the log, as details of an upload that is refused anyway.
        g_log_set_handler(
            "VIPS", static_cast<GLogLevelFlags>(G_LOG_LEVEL_WARNING | G_LOG_LEVEL_MESSAGE | G_LOG_LEVEL_INFO),
            [](const gchar*, GLogLevelFlags, const gchar* message, gpointer) { spdlog::debug("libvips: {}", message); },
            nullptr);
    });
    if (!started) return makeError(ErrorCode::Internal, std::string("cannot start libvips: ") + vips_error_buffer());
    return {};
}

Result<InspectedImage> inspectImage(std::string_view bytes, const ImageLimits& limits) {
    DEVCOLL_CHECK(initImageLibrary());
    if (bytes.empty()) return refused("is empty");
    DEVCOLL_TRY(std::string type, sniff(bytes));
    const auto allowed =
        std::find_if(kAllowed.begin(), kAllowed.end(), [&](const AllowedType& a) { return a.contentType == type; });
    if (allowed == kAllowed.end()) {
        return refused("is " + type + "; only JPEG, PNG, WebP and GIF images are accepted");
    }
    // A file that libmagic and libvips read as different things (a polyglot) is neither.
    const char* loader = vips_foreign_find_load_buffer(bytes.data(), bytes.size());
    const char* nickname = loader ? vips_nickname_find(g_type_from_name(loader)) : nullptr;
    if (!nickname || allowed->loader != nickname) {
        vips_error_clear();
        return refused("looks like " + type + " but is not a readable " + type + " image");
    }
    try {
        // Sequential access reads the header now and pixels only when asked: none are.
        const vips::VImage header = vips::VImage::new_from_buffer(
            bytes.data(), bytes.size(), "", vips::VImage::option()->set("access", VIPS_ACCESS_SEQUENTIAL));
        InspectedImage image;
        image.contentType = type;
        image.width = header.width();
        image.height = header.height();
        if (vips_image_get_typeof(header.get_image(), "n-pages") != 0) image.frames = header.get_int("n-pages");
        const std::int64_t pixels = std::int64_t{image.width} * image.height * std::max(image.frames, 1);
        if (image.width <= 0 || image.height <= 0) return refused("has no pixels");
        if (pixels > limits.maxPixels) {
            return refused("has " + std::to_string(pixels) + " pixels (" + std::to_string(image.width) + " x " +
                           std::to_string(image.height) + " x " + std::to_string(image.frames) +
                           " frames); the limit is " + std::to_string(limits.maxPixels));
        }
        return image;
    } catch (const vips::VError& e) {
        vips_error_clear();
        return refused("is a broken " + type + " image: " + e.what());
    }
}

}  // namespace devcoll::media
