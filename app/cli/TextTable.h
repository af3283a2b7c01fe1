// Aligned plain-text tables for the terminal, counting Chinese characters as two columns wide.
#pragma once
#include <ostream>
#include <string>
#include <vector>

namespace planview {

/// Columns a UTF-8 string takes in a terminal: East Asian wide characters count two.
std::size_t displayWidth(const std::string& utf8);

/// Prints `rows` under `header`, columns separated by two spaces; columns whose index is in
/// `rightAligned` are aligned right (numbers).
void printTable(std::ostream& out, const std::vector<std::string>& header,
                const std::vector<std::vector<std::string>>& rows, const std::vector<bool>& rightAligned);

/// Quotes a CSV field when it holds a comma, quote or newline (RFC 4180).
std::string csvField(const std::string& text);

}  // namespace planview
