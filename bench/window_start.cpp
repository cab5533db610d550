// window_start: how long a desktop program takes from its process start to its first mapped
// top-level window on an X server, and its resident memory at that moment. For scripts/bench,
// which runs fabrikam-desktop and its peer (KeePassXC) the same way on the same Xvfb display.
//
//   window_start [--timeout SECONDS] -- PROGRAM [ARGS...]
//
// Prints one JSON object on stdout: {"ms": …, "rss_kib": …, "hwm_kib": …}.
//
//   window_start                  X server                     PROGRAM
//     | watch the root window's     |                             |
//     | SubstructureNotify          |                             |
//     | t0 = monotonic clock        |                             |
//     |------------------------ fork + exec ------------------------>|
//     |                             |<-------- MapWindow ---------|
//     |<------- MapNotify ----------|                             |
//     | t1, SIGSTOP, read VmRSS     |                             |
//     |----------------------------- SIGKILL ----------------------->|
//
// The first map that is not override-redirect (menus, tooltips and drag windows are) counts;
// the display must be a private one on which nothing else maps windows. The program is stopped
// before its memory is read, so the figure is the one at the first window, and then killed: a
// start-up measurement needs no orderly shutdown, and it runs on throwaway configuration.
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fstream>
#include <optional>
#include <poll.h>
#include <string>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>
#include <xcb/xcb.h>

namespace {

struct Memory
{
    long rssKib = -1;
    long hwmKib = -1;
};

double monotonicMs()
{
    timespec now{};
    clock_gettime(CLOCK_MONOTONIC, &now);
    return static_cast<double>(now.tv_sec) * 1e3 + static_cast<double>(now.tv_nsec) / 1e6;
}

// VmRSS: resident now; VmHWM: the peak so far (both in kB, from /proc/PID/status).
Memory memoryOf(pid_t pid)
{
    Memory memory;
    std::ifstream status("/proc/" + std::to_string(pid) + "/status");
    std::string line;
    while (std::getline(status, line)) {
        if (line.rfind("VmRSS:", 0) == 0) {
            memory.rssKib = std::strtol(line.c_str() + 6, nullptr, 10);
        } else if (line.rfind("VmHWM:", 0) == 0) {
            memory.hwmKib = std::strtol(line.c_str() + 6, nullptr, 10);
        }
    }
    return memory;
}

void stopAndReap(pid_t pid)
{
    kill(pid, SIGKILL);
    int status = 0;
    waitpid(pid, &status, 0);
}

int usage()
{
    std::fputs("usage: window_start [--timeout SECONDS] -- PROGRAM [ARGS...]\n", stderr);
    return 64;
}

} // namespace

int main(int argc, char* argv[])
{
    double timeoutMs = 30000.0;
    int first = 1;
    for (; first < argc; ++first) {
        if (std::strcmp(argv[first], "--timeout") == 0 && first + 1 < argc) {
            timeoutMs = std::strtod(argv[++first], nullptr) * 1e3;
        } else if (std::strcmp(argv[first], "--") == 0) {
            ++first;
            break;
        } else {
            return usage();
        }
    }
    if (first >= argc || timeoutMs <= 0) {
        return usage();
    }

    int screenNumber = 0;
    xcb_connection_t* connection = xcb_connect(nullptr, &screenNumber);
    if (xcb_connection_has_error(connection) != 0) {
        std::fputs("window_start: cannot connect to the X server (is DISPLAY set?)\n", stderr);
        return 69;
    }
    // Every screen's root: a top-level window is a child of one of them.
    for (xcb_screen_iterator_t it = xcb_setup_roots_iterator(xcb_get_setup(connection)); it.rem;
         xcb_screen_next(&it)) {
        const uint32_t mask = XCB_EVENT_MASK_SUBSTRUCTURE_NOTIFY;
        xcb_change_window_attributes(connection, it.data->root, XCB_CW_EVENT_MASK, &mask);
    }
    // A round trip, so that the server watches before the program can map anything.
    free(xcb_get_input_focus_reply(connection, xcb_get_input_focus(connection), nullptr));

    std::vector<char*> programArgv(argv + first, argv + argc);
    programArgv.push_back(nullptr);
    const double started = monotonicMs();
    const pid_t pid = fork();
    if (pid < 0) {
        std::perror("window_start: fork");
        return 71;
    }
    if (pid == 0) {
        close(xcb_get_file_descriptor(connection));
        execvp(programArgv[0], programArgv.data());
        std::fprintf(stderr, "window_start: cannot run %s: %s\n", programArgv[0],
                     std::strerror(errno));
        _exit(127);
    }

    std::optional<double> mappedMs;
    pollfd descriptor{xcb_get_file_descriptor(connection), POLLIN, 0};
    while (!mappedMs) {
        while (xcb_generic_event_t* event = xcb_poll_for_event(connection)) {
            const bool topLevelMap =
                (event->response_type & 0x7f) == XCB_MAP_NOTIFY &&
                reinterpret_cast<xcb_map_notify_event_t*>(event)->override_redirect == 0;
            free(event);
            if (topLevelMap) {
                mappedMs = monotonicMs() - started;
                kill(pid, SIGSTOP);
                break;
            }
        }
        if (mappedMs) {
            break;
        }
        if (xcb_connection_has_error(connection) != 0) {
            std::fputs("window_start: lost the X server\n", stderr);
            stopAndReap(pid);
            return 69;
        }
        int status = 0;
        if (waitpid(pid, &status, WNOHANG) == pid) {
            std::fprintf(stderr, "window_start: %s exited (status %d) before mapping a window\n",
                         programArgv[0], status);
            return 70;
        }
        const double left = timeoutMs - (monotonicMs() - started);
        if (left <= 0) {
            std::fprintf(stderr, "window_start: %s mapped no window within %.0f s\n",
                         programArgv[0], timeoutMs / 1e3);
            stopAndReap(pid);
            return 68;
        }
        // Short polls, so that a program that exits early is noticed promptly.
        poll(&descriptor, 1, static_cast<int>(left < 50.0 ? left + 1.0 : 50.0));
    }

    const Memory memory = memoryOf(pid);
    stopAndReap(pid);
    xcb_disconnect(connection);
    std::printf("{\"ms\": %.2f, \"rss_kib\": %ld, \"hwm_kib\": %ld}\n", *mappedMs, memory.rssKib,
                memory.hwmKib);
    return memory.rssKib < 0 ? 70 : 0;
}
