#pragma once
// The stored forms of an uploaded image: the original re-encoded without its metadata (EXIF,
// with its GPS position, XMP, IPTC, comments: a photo must not tell where it was taken), a
// display size and a thumbnail. Each is upright (EXIF orientation applied before the EXIF goes)
// and in the original's format. Only ever called on what inspectImage() accepted.
#include <string>
#include <string_view>

#include "devcoll/result.h"
#include "media/image_inspector.h"

namespace devcoll::media {

inline constexpr int kDisplaySide = 1600;   // longest side of the display variant, at most
inline constexpr int kThumbnailSide = 400;  // and of the thumbnail

struct EncodedImage final {
    std::string bytes;
    std::string contentType;
    int width = 0;
    int height = 0;
};

struct ImageVariants final {
    EncodedImage original;   // all frames of an animation
    EncodedImage display;    // first frame, only ever scaled down
    EncodedImage thumbnail;  // first frame, only ever scaled down
};

// The file suffix of one of the accepted image types (".jpg", ".png", ".webp", ".gif"): what
// libvips encodes by, and what an exported image file is named with.
const char* fileSuffixOf(const std::string& contentType);

// InvalidArgument when the image cannot be decoded after all (a file broken past its header).
Result<ImageVariants> makeVariants(std::string_view bytes, const InspectedImage& inspected);

}  // namespace devcoll::media
