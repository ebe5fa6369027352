// bench_media: media upload and download throughput in MB/s, each as a ratio of the same
// machine writing and reading the same bytes to and from its disk in the same run (write +
// fsync per file; read back after dropping the files from the page cache, as the server's
// stored files are dropped before they are downloaded: both read from the disk). Uploads of new photos include
// everything the server does to one: sniffing, the pixel check, re-encoding the original without its metadata and
// making the two smaller variants; uploads of bytes the server already has skip that work.
#include <fcntl.h>
#include <unistd.h>
#include <QCoreApplication>
#include <QElapsedTimer>

#include <cstdio>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "devcoll/ids.h"
#include "server/media/media_client.h"
#include "server/media/test_images.h"

using namespace devcoll;
using namespace devcoll::test;

namespace {

constexpr double kMB = 1e6;

struct Rate final {
    double bytes = 0;
    double seconds = 0;
    double mbPerSecond() const { return seconds > 0 ? bytes / kMB / seconds : 0; }
};

// Drops a file's (clean) pages from the page cache, so that the next read comes from disk.
void evict(const std::filesystem::path& path) {
    const int fd = ::open(path.c_str(), O_RDONLY);
    if (fd < 0) return;
    ::posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
    ::close(fd);
}

void evictTree(const std::filesystem::path& root) {
    for (const auto& entry : std::filesystem::recursive_directory_iterator(root)) {
        if (entry.is_regular_file()) evict(entry.path());
    }
}

Rate rawWrite(const std::filesystem::path& dir, const std::vector<std::string>& files) {
    QElapsedTimer timer;
    timer.start();
    Rate rate;
    for (std::size_t i = 0; i < files.size(); ++i) {
        const std::string path = (dir / ("raw-" + std::to_string(i))).string();
        const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (fd < 0 || ::write(fd, files[i].data(), files[i].size()) != static_cast<ssize_t>(files[i].size()) ||
            ::fsync(fd) != 0) {
            std::perror("raw write");
            std::exit(1);
        }
        ::close(fd);
        rate.bytes += static_cast<double>(files[i].size());
    }
    rate.seconds = static_cast<double>(timer.nsecsElapsed()) / 1e9;
    return rate;
}

Rate rawRead(const std::filesystem::path& dir, const std::vector<std::string>& files) {
    QElapsedTimer timer;
    timer.start();
    Rate rate;
    std::string buffer(1024 * 1024, '\0');
    for (std::size_t i = 0; i < files.size(); ++i) {
        const std::string path = (dir / ("raw-" + std::to_string(i))).string();
        const int fd = ::open(path.c_str(), O_RDONLY);
        ssize_t n = 0;
        while ((n = ::read(fd, buffer.data(), buffer.size())) > 0) rate.bytes += static_cast<double>(n);
        ::close(fd);
    }
    rate.seconds = static_cast<double>(timer.nsecsElapsed()) / 1e9;
    return rate;
}

void printRate(const char* name, const Rate& rate, const Rate* baseline = nullptr) {
    std::printf("%-38s %8.1f MB/s", name, rate.mbPerSecond());
    if (baseline)
        std::printf("   %5.0f %% of raw", 100.0 * rate.mbPerSecond() / std::max(1e-9, baseline->mbPerSecond()));
    std::printf("\n");
    std::fflush(stdout);
}

}  // namespace

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    int count = 8;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--help" || arg == "-h") {
            std::printf(
                "usage: bench_media [--files N]\n"
                "Uploads and downloads N photo-sized images (default 8) through a real server on\n"
                "DEVCOLL_TEST_BACKEND (sqlite or postgres) and prints MB/s against raw disk I/O.\n");
            return 0;
        }
        if (arg == "--files" && i + 1 < argc) {
            count = std::max(1, std::atoi(argv[++i]));
        } else {
            std::fprintf(stderr, "bench_media: unknown argument '%s' (try --help)\n", arg.c_str());
            return 2;
        }
    }
    Config config = TestServer::defaultConfig();
    config.logLevel = "error";
    TestServer server(config);
    if (!server.ok()) {
        std::fprintf(stderr, "bench_media: cannot start: %s\n", qPrintable(server.error()));
        return 1;
    }
    TestUser user = server.registerUser("bench");
    if (!server.waitForProfile(user)) return 1;

    // Photo-like JPEGs of 12 megapixels, each different (so none is deduplicated), and a
    // large PNG (a screenshot-like file) for the lossless path.
    std::printf("devcoll media bench: %d files per figure, %u cores, %s; preparing images...\n", count,
                std::thread::hardware_concurrency(), server.postgres() ? "PostgreSQL" : "SQLite");
    std::fflush(stdout);
    std::vector<std::string> photos;
    for (int i = 0; i < count; ++i) photos.push_back(photoJpeg(4000, 3000, i));
    double total = 0;
    for (const auto& p : photos) total += static_cast<double>(p.size());
    std::printf("photos: %d x %.1f MB (JPEG, 4000 x 3000)\n", count, total / count / kMB);

    const std::filesystem::path dir = std::filesystem::path(server.config().dataDir) / "raw";
    std::filesystem::create_directories(dir);
    const Rate write = rawWrite(dir, photos);
    evictTree(dir);
    const Rate read = rawRead(dir, photos);
    printRate("raw disk write (+fsync)", write);
    printRate("raw disk read", read);

    std::vector<std::string> ids;
    const auto uploadAll = [&](const char* name) {
        ids.clear();
        QElapsedTimer timer;
        timer.start();
        Rate rate;
        for (const auto& photo : photos) {
            const UploadOutcome up = uploadMedia(server, user, photo);
            if (!up.status.ok()) {
                std::fprintf(stderr, "upload failed: %s\n", up.status.error_message().c_str());
                std::exit(1);
            }
            ids.push_back(up.media.id());
            rate.bytes += static_cast<double>(photo.size());
        }
        rate.seconds = static_cast<double>(timer.nsecsElapsed()) / 1e9;
        printRate(name, rate, &write);
    };
    // The byte path alone: every byte but the last sent and made durable (the server syncs
    // and commits what it holds when a stream ends early), then the last byte finishes it.
    {
        QElapsedTimer timer;
        timer.start();
        Rate rate;
        std::vector<std::string> cut;
        for (auto& photo : photos) {
            photo[photo.size() / 2] ^= 1;  // new bytes: nothing to deduplicate
            UploadOptions options;
            options.mediaId = newUuidV7();
            options.stopAfter = static_cast<std::int64_t>(photo.size()) - 1;
            const UploadOutcome up = uploadMedia(server, user, photo, options);
            if (up.status.error_code() != grpc::StatusCode::FAILED_PRECONDITION) {
                std::fprintf(stderr, "partial upload: %s\n", up.status.error_message().c_str());
                return 1;
            }
            cut.push_back(options.mediaId);
            rate.bytes += static_cast<double>(photo.size() - 1);
        }
        rate.seconds = static_cast<double>(timer.nsecsElapsed()) / 1e9;
        printRate("upload, bytes received and synced", rate, &write);
        for (std::size_t i = 0; i < photos.size(); ++i) {
            UploadOptions options;
            options.mediaId = cut[i];
            options.offset = static_cast<std::int64_t>(photos[i].size()) - 1;
            if (!uploadMedia(server, user, photos[i], options).status.ok()) return 1;
        }
        for (auto& photo : photos) photo[photo.size() / 2] ^= 1;
    }
    uploadAll("upload, new photos (all processing)");
    uploadAll("upload, same bytes again (deduplicated)");

    evictTree(std::filesystem::path(server.config().dataDir) / "media" / "blobs");
    QElapsedTimer timer;
    timer.start();
    Rate down;
    for (const auto& id : ids) {
        const DownloadOutcome d = downloadMedia(server, user, id);
        if (!d.status.ok()) {
            std::fprintf(stderr, "download failed: %s\n", d.status.error_message().c_str());
            return 1;
        }
        down.bytes += static_cast<double>(d.bytes.size());
    }
    down.seconds = static_cast<double>(timer.nsecsElapsed()) / 1e9;
    printRate("download, originals", down, &read);
    return 0;
}
