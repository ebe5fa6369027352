#include "platform/metrics/process_collector.h"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>
#include <string>

namespace devcoll::metrics {
namespace {

prometheus::MetricFamily one(std::string name, std::string help, prometheus::MetricType type, double value) {
    prometheus::ClientMetric metric;
    if (type == prometheus::MetricType::Counter) {
        metric.counter.value = value;
    } else {
        metric.gauge.value = value;
    }
    return prometheus::MetricFamily{std::move(name), std::move(help), type, {metric}};
}

// The fields of /proc/self/stat after the command name (which may hold spaces), numbered as
// proc(5) numbers them from 3 (state).
std::vector<std::string> statFields() {
    std::ifstream in("/proc/self/stat");
    std::string line;
    std::getline(in, line);
    const auto end = line.rfind(')');
    std::vector<std::string> fields;
    if (end == std::string::npos) return fields;
    std::istringstream rest(line.substr(end + 2));
    for (std::string field; rest >> field;) fields.push_back(field);
    return fields;
}

double field(const std::vector<std::string>& fields, std::size_t number) {
    const std::size_t index = number - 3;
    return index < fields.size() ? std::stod(fields[index]) : 0.0;
}

double bootTimeSeconds() {
    std::ifstream in("/proc/stat");
    for (std::string key; in >> key;) {
        if (key == "btime") {
            double value = 0;
            in >> value;
            return value;
        }
        in.ignore(std::numeric_limits<std::streamsize>::max(), '\n');
    }
    return 0;
}

double openFiles() {
    std::error_code ec;
    double count = 0;
    for (auto it = std::filesystem::directory_iterator("/proc/self/fd", ec);
         !ec && it != std::filesystem::directory_iterator(); it.increment(ec)) {
        ++count;
    }
    return count;
}

double maxOpenFiles() {
    std::ifstream in("/proc/self/limits");
    for (std::string line; std::getline(in, line);) {
        if (line.rfind("Max open files", 0) == 0) {
            std::istringstream values(line.substr(std::string("Max open files").size()));
            double soft = 0;
            values >> soft;
            return soft;
        }
    }
    return 0;
}

}  // namespace

std::vector<prometheus::MetricFamily> ProcessCollector::Collect() const {
    using prometheus::MetricType;
    const std::vector<std::string> stat = statFields();
    if (stat.empty()) return {};
    const double ticks = static_cast<double>(sysconf(_SC_CLK_TCK));
    const double pageBytes = static_cast<double>(sysconf(_SC_PAGESIZE));
    // proc(5): 14 utime, 15 stime, 20 num_threads, 22 starttime (ticks after boot), 23 vsize,
    // 24 rss (pages).
    return {
        one("process_cpu_seconds_total", "User and system CPU time spent, in seconds", MetricType::Counter,
            (field(stat, 14) + field(stat, 15)) / ticks),
        one("process_resident_memory_bytes", "Resident memory size in bytes", MetricType::Gauge,
            field(stat, 24) * pageBytes),
        one("process_virtual_memory_bytes", "Virtual memory size in bytes", MetricType::Gauge, field(stat, 23)),
        one("process_threads", "Threads of the process", MetricType::Gauge, field(stat, 20)),
        one("process_start_time_seconds", "Start time of the process since the Unix epoch, in seconds",
            MetricType::Gauge, bootTimeSeconds() + field(stat, 22) / ticks),
        one("process_open_fds", "Open file descriptors", MetricType::Gauge, openFiles()),
        one("process_max_fds", "The limit of open file descriptors", MetricType::Gauge, maxOpenFiles()),
    };
}

}  // namespace devcoll::metrics
