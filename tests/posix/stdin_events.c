/* Console input as an event (run by compare.sh against a delayed pipe, natively and in celda):
 *   thread  one thread blocks reading stdin while the main thread keeps printing on a timer
 *   poll    poll and select on stdin with a timeout time out when no input comes
 *   eof     poll sees input and the writer's end (POLLIN|POLLHUP), read drains it, read and poll see EOF */
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/select.h>
#include <time.h>
#include <unistd.h>

static volatile int reader_done;
static char got[64];
static ssize_t got_n;

static void* reader(void* arg) {
    (void)arg;
    got_n = read(0, got, sizeof got - 1);
    reader_done = 1;
    return NULL;
}

static void nap_ms(long ms) {
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

static int thread_mode(void) {
    pthread_t t;
    if (pthread_create(&t, NULL, reader, NULL) != 0) return 1;
    int ticks = 0;
    while (!reader_done) {
        nap_ms(20);
        ++ticks;
        /* Input comes after 0.5 s: the first ticks run while the reader is blocked. */
        if (ticks <= 3) printf("tick %d, reader %s\n", ticks, reader_done ? "done" : "blocked");
        fflush(stdout);
    }
    pthread_join(t, NULL);
    if (got_n >= 0) got[got_n] = 0;
    printf("reader got %zd bytes: %s", got_n, got);
    printf("ticked while blocked: %s\n", ticks > 5 ? "yes" : "no");
    return 0;
}

static int poll_mode(void) {
    struct pollfd p = {0, POLLIN, 0};
    int n = poll(&p, 1, 200);
    printf("poll: %d revents 0x%x\n", n, p.revents);
    fd_set set;
    FD_ZERO(&set);
    FD_SET(0, &set);
    struct timeval tv = {0, 100000};
    n = select(1, &set, NULL, NULL, &tv);
    printf("select: %d in set %d\n", n, FD_ISSET(0, &set) ? 1 : 0);
    return 0;
}

static int eof_mode(void) {
    nap_ms(300); /* the writer has written and gone */
    struct pollfd p = {0, POLLIN, 0};
    int n = poll(&p, 1, 1000);
    printf("poll before read: %d revents 0x%x\n", n, p.revents);
    char buf[64];
    ssize_t r = read(0, buf, sizeof buf);
    printf("read: %zd %.*s\n", r, (int)(r > 0 ? r : 0), buf);
    r = read(0, buf, sizeof buf);
    printf("read at eof: %zd\n", r);
    p.revents = 0;
    n = poll(&p, 1, 1000);
    printf("poll at eof: %d revents 0x%x\n", n, p.revents);
    fd_set set;
    FD_ZERO(&set);
    FD_SET(0, &set);
    struct timeval tv = {1, 0};
    n = select(1, &set, NULL, NULL, &tv);
    printf("select at eof: %d in set %d\n", n, FD_ISSET(0, &set) ? 1 : 0);
    return 0;
}

int main(int argc, char** argv) {
    const char* mode = argc > 1 ? argv[1] : "";
    if (!strcmp(mode, "thread")) return thread_mode();
    if (!strcmp(mode, "poll")) return poll_mode();
    if (!strcmp(mode, "eof")) return eof_mode();
    fprintf(stderr, "usage: stdin-events thread|poll|eof\n");
    return 2;
}
