#include "media/image_variants.h"

#include <vips/vips8>

#include <memory>

namespace devcoll::media {
namespace {

using vips::VImage;

const char* suffixOf(const std::string& contentType) {
    if (contentType == "image/jpeg") return ".jpg";
    if (contentType == "image/png") return ".png";
    if (contentType == "image/webp") return ".webp";
    return ".gif";
}

// Saves without any metadata. (`strip` is the 8.14 spelling; its successor `keep` is
// silently ignored there.)
EncodedImage encode(const VImage& image, const std::string& contentType) {
    auto options = VImage::option()->set("strip", true);
    if (contentType == "image/jpeg" || contentType == "image/webp") options->set("Q", 85);
    void* buffer = nullptr;
    std::size_t size = 0;
    image.write_to_buffer(suffixOf(contentType), &buffer, &size, options);
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

}  // namespace

Result<ImageVariants> makeVariants(std::string_view bytes, const InspectedImage& inspected) {
    DEVCOLL_CHECK(initImageLibrary());
    try {
        const bool animated = inspected.frames > 1;
        // Every frame of an animation; a still image's loader has no frames to choose.
        VImage original = animated
                              ? VImage::new_from_buffer(bytes.data(), bytes.size(), "", VImage::option()->set("n", -1))
                              : VImage::new_from_buffer(bytes.data(), bytes.size(), "");
        ImageVariants variants;
        variants.original = encode(animated ? original : original.autorot(), inspected.contentType);
        variants.display = scaledDown(bytes, kDisplaySide, inspected.contentType);
        variants.thumbnail = scaledDown(bytes, kThumbnailSide, inspected.contentType);
        return variants;
    } catch (const vips::VError& e) {
        vips_error_clear();
        return makeError(ErrorCode::InvalidArgument,
                         "file: is a broken " + inspected.contentType + " image: " + e.what());
    }
}

}  // namespace devcoll::media
