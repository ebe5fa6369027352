#pragma once
// Real images made for the media tests with libvips, and the hostile files uploads must
// survive: a decompression bomb's header, a camera photo carrying a GPS position.
#include <cstdint>
#include <string>

namespace devcoll::test {

// A black `width` x `height` RGB image encoded by file suffix (".png", ".jpg", ".webp").
std::string encodedImage(int width, int height, const char* suffix);
// Random RGB pixels as PNG: it hardly compresses, so its size is about 3 x width x height.
std::string noisePng(int width, int height);
// A photo-sized JPEG with some texture (blurred noise), different on every call.
std::string photoJpeg(int width, int height, int seed);
// A camera's JPEG: sideways pixels with EXIF orientation 6, the artist and a GPS position.
std::string cameraJpeg(int width, int height);
// The classic 1 x 1 transparent GIF.
std::string tinyGif();
// A PNG of nothing but a header that claims `side` x `side` pixels and the start of its pixel
// data: what a decompression bomb looks like before its highly compressible rest.
std::string claimedPng(std::uint32_t side);

// What libvips reads from `bytes`.
struct ImageFacts final {
    bool ok = false;
    int width = 0;
    int height = 0;
    bool hasExif = false;  // any EXIF block or GPS tag
};
ImageFacts imageFacts(const std::string& bytes);

}  // namespace devcoll::test
