// The writer of each format (src/report/*_format.cpp); make_report_writer() picks one.
#pragma once

#include <memory>

#include "report/formats.h"

namespace titanlint {

std::unique_ptr<ReportWriter> make_text_writer(const ReportOptions& options);
std::unique_ptr<ReportWriter> make_gcc_writer();
std::unique_ptr<ReportWriter> make_json_writer();
std::unique_ptr<ReportWriter> make_sarif_writer();
std::unique_ptr<ReportWriter> make_github_writer();
std::unique_ptr<ReportWriter> make_junit_writer();

}  // namespace titanlint
