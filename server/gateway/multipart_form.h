#pragma once
// multipart/form-data (RFC 7578), as browsers and curl -F send files: the media upload route's
// body. Parts are views into the body, which must outlive them.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "devcoll/result.h"

namespace devcoll::gateway {

struct FormPart final {
    std::string name;         // the form field
    std::string fileName;     // empty unless the part is a file
    std::string contentType;  // as declared; empty if not
    std::string_view data;
};

// The boundary of a "multipart/form-data; boundary=..." content type; nothing for another type.
std::optional<std::string> formBoundary(std::string_view contentType);

// The parts of `body`; INVALID_ARGUMENT naming what is wrong for a malformed one, or one with
// more than `maxParts` parts.
Result<std::vector<FormPart>> parseMultipartForm(std::string_view body, std::string_view boundary,
                                                 std::size_t maxParts = 16);

}  // namespace devcoll::gateway
