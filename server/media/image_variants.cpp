#include "media/image_variants.h"

#include <vips/vips8>

#include <future>
#include <memory>
#include <utility>

namespace devcoll::media {
namespace {

using vips::VImage;

// Saves without any metadata. (`strip` is the 8.14 spelling; its successor `keep` is
// silently ignored there.)
EncodedImage encode(const VImage& image, const std::string& contentType) {
    auto options = VImage::option()->set("strip", true);
    if (contentType == "image/jpeg" || contentType == "image/webp") options->set("Q", 85);
    void* buffer = nullptr;
    std::size_t size = 0;
    image.write_to_buffer(fileSuffixOf(contentType), &buffer, &size, options);
    const std::unique_ptr<void, decltype(&g_free)> owned(buffer, &g_free);
    EncodedImage encoded;
    encoded.bytes.assign(static_cast<const char*>(buffer), size);
    encoded.contentType = contentType;
    encoded.width = image.width();
    encoded.height = vips_image_get_page_height(image.get_image());
    return encoded;
}

EncodedImage scaledDown(std::string_view bytes, int side, const std::string& contentType) {
    // thumbnail_buffer decodes at a reduced size where the format allows (JPEG shrink-on-load)
    // and turns the image upright from its EXIF orientation.
    struct BlobUnref final {
        void operator()(VipsBlob* blob) const { vips_area_unref(VIPS_AREA(blob)); }
    };
    const std::unique_ptr<VipsBlob, BlobUnref> blob(vips_blob_new(nullptr, bytes.data(), bytes.size()));
    const VImage scaled =
        VImage::thumbnail_buffer(blob.get(), side, VImage::option()->set("height", side)->set("size", VIPS_SIZE_DOWN));
    return encode(scaled, contentType);
}

Error broken(const std::string& contentType, const vips::VError& e) {
    vips_error_clear();
    return makeError(ErrorCode::InvalidArgument, "file: is a broken " + contentType + " image: " + e.what());
}

Result<EncodedImage> stripped(std::string_view bytes, const InspectedImage& inspected) {
    try {
        const bool animated = inspected.frames > 1;
        // Every frame of an animation; a still image's loader has no frames to choose.
        const VImage original =
            animated ? VImage::new_from_buffer(bytes.data(), bytes.size(), "", VImage::option()->set("n", -1))
                     : VImage::new_from_buffer(bytes.data(), bytes.size(), "");
        return encode(animated ? original : original.autorot(), inspected.contentType);
    } catch (const vips::VError& e) {
        return broken(inspected.contentType, e);
    }
}

// The display size from the upload, and the thumbnail from the display size: decoding a
// detailed photo costs its entropy decoding at any scale, so the small display file is the
// cheaper source.
Result<std::pair<EncodedImage, EncodedImage>> smaller(std::string_view bytes, const std::string& contentType) {
    try {
        EncodedImage display = scaledDown(bytes, kDisplaySide, contentType);
        EncodedImage thumbnail = scaledDown(display.bytes, kThumbnailSide, contentType);
        return std::pair(std::move(display), std::move(thumbnail));
    } catch (const vips::VError& e) {
        return broken(contentType, e);
    }
}

}  // namespace

const char* fileSuffixOf(const std::string& contentType) {
    if (contentType == "image/jpeg") return ".jpg";
    if (contentType == "image/png") return ".png";
    if (contentType == "image/webp") return ".webp";
    return ".gif";
}

Result<ImageVariants> makeVariants(std::string_view bytes, const InspectedImage& inspected) {
    DEVCOLL_CHECK(initImageLibrary());
    // Two independent decodes of the upload: on two threads, a single upload finishes in
    // about the time of the larger one. Errors come back as values, not exceptions.
    auto smallerOnes = std::async(std::launch::async, [&] { return smaller(bytes, inspected.contentType); });
    auto original = stripped(bytes, inspected);
    auto small = smallerOnes.get();
    if (!original.ok()) return original.takeError();
    if (!small.ok()) return small.takeError();
    return ImageVariants{std::move(*original), std::move(small->first), std::move(small->second)};
}

}  // namespace devcoll::media
