#pragma once

// The harness the crash tests share (SQLite's crash tests are the model): start a writer in a child process, kill it
// with SIGKILL after a random delay, look at what it left, and go on until enough kills have landed while the child
// was still running. A kill that arrives after the child finished proves nothing about a crash, so such rounds do
// not count; on a loaded machine many do not land, hence "until landed" rather than a fixed number of tries.
//
// Kills per test: GIS_KILL_ROUNDS (default 20 in `make test`; `make bench` runs 200).

#include <QByteArray>
#include <QString>
#include <QStringList>
#include <QTest>

#include <chrono>
#include <csignal>
#include <cstdint>
#include <functional>
#include <random>
#include <vector>

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace gis::test {

/// Kills that must land per test: GIS_KILL_ROUNDS, or 20.
inline int killRounds()
{
    const int n = qEnvironmentVariableIntValue("GIS_KILL_ROUNDS");
    return n > 0 ? n : 20;
}

/// Starts `args` (args[0] is the program's path) with stdout and stderr to /dev/null; its pid, or -1.
inline pid_t spawnQuiet(const QStringList& args)
{
    std::vector<QByteArray> bytes;
    for (const auto& a : args)
        bytes.push_back(a.toLocal8Bit());
    std::vector<char*> argv;
    for (auto& b : bytes)
        argv.push_back(b.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
    pid_t pid = -1;
    const int rc = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    return rc == 0 ? pid : -1;
}

/// Runs `args` to the end, quietly; its exit status, or 128 + the signal that ended it, or -1 when it did not start.
inline int runToEnd(const QStringList& args)
{
    const pid_t pid = spawnQuiet(args);
    if (pid <= 0)
        return -1;
    int status = 0;
    ::waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

/// The fastest of `runs` whole runs of `args` (one slow run — cold caches, a busy machine — would spread the kills
/// past the end of the runs that follow); zero when a run fails (the caller checks).
inline std::chrono::microseconds fastestRun(const QStringList& args, int runs = 3)
{
    auto best = std::chrono::microseconds::max();
    for (int i = 0; i < runs; ++i) {
        const auto start = std::chrono::steady_clock::now();
        if (runToEnd(args) != 0)
            return std::chrono::microseconds::zero();
        best = std::min(best, std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - start));
    }
    return best;
}

struct KillTally {
    int tries = 0;  ///< children started and killed
    int landed = 0; ///< of them, killed by the SIGKILL while still running
};

/// The kill loop. For each try: `start(round)` starts a child and returns its pid; after a delay drawn uniformly from
/// [minDelay, maxDelay] (seeded by `seed`) it is killed with SIGKILL and reaped; `check(round, status)` then inspects
/// what it left (with QVERIFY and friends). Goes on until killRounds() kills have landed, at most four times as many
/// tries, and stops at the first failed check. The caller asserts `landed >= killRounds()`.
inline KillTally killUntilLanded(std::chrono::microseconds minDelay, std::chrono::microseconds maxDelay,
    std::uint32_t seed, const std::function<pid_t(int round)>& start, const std::function<void(int round, int status)>& check)
{
    std::mt19937 rng(seed);
    std::uniform_int_distribution<long> when(static_cast<long>(minDelay.count()), static_cast<long>(maxDelay.count()));
    KillTally tally;
    while (tally.landed < killRounds() && tally.tries < 4 * killRounds()) {
        const int round = tally.tries++;
        const pid_t pid = start(round);
        if (pid <= 0) {
            QTest::qFail(qPrintable(QString("round %1: the child did not start").arg(round)), __FILE__, __LINE__);
            break;
        }
        ::usleep(static_cast<useconds_t>(when(rng)));
        ::kill(pid, SIGKILL);
        int status = 0;
        ::waitpid(pid, &status, 0);
        tally.landed += WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL;
        check(round, status);
        if (QTest::currentTestFailed())
            break;
    }
    return tally;
}

} // namespace gis::test
