#include "server/media/test_images.h"

#include <zlib.h>
#include <vips/vips8>

namespace devcoll::test {
namespace {

using vips::VImage;

std::string bytesOf(VImage image, const char* suffix) {
    void* buffer = nullptr;
    std::size_t size = 0;
    image.write_to_buffer(suffix, &buffer, &size);
    std::string bytes(static_cast<const char*>(buffer), size);
    g_free(buffer);
    return bytes;
}

void appendChunk(std::string& png, const std::string& type, const std::string& data) {
    const auto be32 = [&](std::uint32_t v) {
        for (int shift = 24; shift >= 0; shift -= 8) png.push_back(static_cast<char>((v >> shift) & 0xFF));
    };
    be32(static_cast<std::uint32_t>(data.size()));
    const std::string body = type + data;
    png += body;
    be32(static_cast<std::uint32_t>(
        crc32(0, reinterpret_cast<const Bytef*>(body.data()), static_cast<uInt>(body.size()))));
}

}  // namespace

std::string encodedImage(int width, int height, const char* suffix) {
    return bytesOf(VImage::black(width, height, VImage::option()->set("bands", 3)), suffix);
}

std::string noisePng(int width, int height) {
    const auto band = [&] { return VImage::gaussnoise(width, height, VImage::option()->set("sigma", 80.0)); };
    return bytesOf(band().bandjoin({band(), band()}).cast(VIPS_FORMAT_UCHAR), ".png[compression=1]");
}

std::string photoJpeg(int width, int height, int seed) {
    const auto band = [&](double mean) {
        return VImage::gaussnoise(width, height, VImage::option()->set("sigma", 40.0)->set("mean", mean))
            .gaussblur(1.5);
    };
    const VImage image = band(100 + seed % 50).bandjoin({band(128), band(150)}).cast(VIPS_FORMAT_UCHAR);
    return bytesOf(image, ".jpg[Q=90]");
}

std::string cameraJpeg(int width, int height) {
    VImage image = VImage::black(width, height, VImage::option()->set("bands", 3)).copy();
    image.set("orientation", 6);
    image.set("exif-ifd0-Artist", "Ada");
    image.set("exif-ifd3-GPSLatitudeRef", "N");
    image.set("exif-ifd3-GPSLongitudeRef", "E");
    return bytesOf(image, ".jpg");
}

std::string tinyGif() {
    static const unsigned char gif[] = {0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 0x01, 0x00, 0x01, 0x00, 0x80,
                                        0x00, 0x00, 0x00, 0x00, 0x00, 0xff, 0xff, 0xff, 0x21, 0xf9, 0x04,
                                        0x01, 0x00, 0x00, 0x00, 0x00, 0x2c, 0x00, 0x00, 0x00, 0x00, 0x01,
                                        0x00, 0x01, 0x00, 0x00, 0x02, 0x01, 0x44, 0x00, 0x3b};
    return std::string(reinterpret_cast<const char*>(gif), sizeof gif);
}

std::string claimedPng(std::uint32_t side) {
    std::string png("\x89PNG\r\n\x1a\n", 8);
    std::string header;
    for (std::uint32_t v : {side, side}) {
        for (int shift = 24; shift >= 0; shift -= 8) header.push_back(static_cast<char>((v >> shift) & 0xFF));
    }
    header += std::string("\x08\x02\x00\x00\x00", 5);  // 8-bit RGB, no interlace
    appendChunk(png, "IHDR", header);
    const std::string row(3 * 1024 + 1, '\0');
    uLongf size = compressBound(static_cast<uLong>(row.size()));
    std::string deflated(size, '\0');
    compress(reinterpret_cast<Bytef*>(deflated.data()), &size, reinterpret_cast<const Bytef*>(row.data()),
             static_cast<uLong>(row.size()));
    deflated.resize(size);
    appendChunk(png, "IDAT", deflated);
    appendChunk(png, "IEND", "");
    return png;
}

ImageFacts imageFacts(const std::string& bytes) {
    ImageFacts facts;
    VipsImage* image = vips_image_new_from_buffer(bytes.data(), bytes.size(), "", nullptr);
    if (!image) {
        vips_error_clear();
        return facts;
    }
    facts.ok = true;
    facts.width = vips_image_get_width(image);
    facts.height = vips_image_get_height(image);
    facts.hasExif =
        vips_image_get_typeof(image, "exif-data") != 0 || vips_image_get_typeof(image, "exif-ifd3-GPSLatitudeRef") != 0;
    g_object_unref(image);
    return facts;
}

}  // namespace devcoll::test
