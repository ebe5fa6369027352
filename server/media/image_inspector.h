#pragma once
// What an uploaded file really is, decided from its bytes and never from its name or declared
// type: libmagic names the type, an allow-list keeps to JPEG, PNG, WebP and GIF, and libvips
// reads the dimensions from the header alone, so that a decompression bomb (a small file that
// claims gigapixels) is refused before a single pixel is decoded, in little memory.
#include <cstdint>
#include <string>
#include <string_view>

#include "devcoll/result.h"

namespace devcoll::media {

struct ImageLimits final {
    std::int64_t maxPixels = 40'000'000;  // width x height x frames
};

struct InspectedImage final {
    std::string contentType;  // image/jpeg, image/png, image/webp, image/gif
    int width = 0;
    int height = 0;  // of one frame
    int frames = 1;  // animated GIF and WebP have more
};

// Starts libvips for the process, once, with its untrusted loaders (ImageMagick, PDF, ...)
// blocked: only the four allowed formats' own loaders ever see an upload.
Status initImageLibrary();

// InvalidArgument, naming the reason, for anything that is not an allowed image within limits.
Result<InspectedImage> inspectImage(std::string_view bytes, const ImageLimits& limits);

}  // namespace devcoll::media
