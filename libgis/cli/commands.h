#pragma once

namespace gis::cli {

/// Each subcommand: argv[0] is "gis", argv[1] the subcommand. Returns the exit code; throws gis::Error
/// for the caller (main) to report.
int runInfo(int argc, char** argv);
int runQuery(int argc, char** argv);
int runJoin(int argc, char** argv);
int runRender(int argc, char** argv);
int runExportMap(int argc, char** argv);
int runValidate(int argc, char** argv);
int runEdit(int argc, char** argv);
int runAnalyse(int argc, char** argv);
int runHistory(int argc, char** argv);
int runPromote(int argc, char** argv);
int runServeToken(int argc, char** argv);
int runServe(int argc, char** argv);
int runInspectionTasks(int argc, char** argv);
int runRaster(int argc, char** argv);
int runDroneReport(int argc, char** argv);

} // namespace gis::cli
