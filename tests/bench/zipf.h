#pragma once
// Zipf: indexes drawn with probability proportional to 1/(rank+1)^s, the benchmarks' model
// of skew: a few very active people or very common words, a long tail of rare ones.
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <random>
#include <vector>

namespace devcoll::bench {

class Zipf final {
public:
    Zipf(int n, double s) {
        m_cumulative.reserve(static_cast<std::size_t>(n));
        double total = 0;
        for (int i = 0; i < n; ++i) m_cumulative.push_back(total += 1.0 / std::pow(i + 1, s));
    }
    int operator()(std::mt19937_64& random) const {
        std::uniform_real_distribution<double> u(0, m_cumulative.back());
        return static_cast<int>(std::lower_bound(m_cumulative.begin(), m_cumulative.end(), u(random)) -
                                m_cumulative.begin());
    }

private:
    std::vector<double> m_cumulative;
};

}  // namespace devcoll::bench
