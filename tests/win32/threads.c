/* threads: 4 threads add to a counter under a critical section and with Interlocked*; the
 * main thread waits for each and checks exit codes, an event and a semaphore. */
#include <stdio.h>
#include <windows.h>

#define THREADS 4
#define ROUNDS 1000

static CRITICAL_SECTION lock;
static long counter;
static volatile LONG atomic_counter;
static HANDLE go;

static DWORD WINAPI worker(void* arg) {
    WaitForSingleObject(go, INFINITE);
    for (int i = 0; i < ROUNDS; ++i) {
        EnterCriticalSection(&lock);
        long seen = counter;
        if (i % 100 == 0) Sleep(0); /* give the others a chance to race */
        counter = seen + 1;
        LeaveCriticalSection(&lock);
        InterlockedIncrement(&atomic_counter);
    }
    return (DWORD)(size_t)arg + 100;
}

int main(void) {
    InitializeCriticalSection(&lock);
    go = CreateEventA(NULL, TRUE, FALSE, NULL);
    HANDLE threads[THREADS];
    for (int i = 0; i < THREADS; ++i) threads[i] = CreateThread(NULL, 0, worker, (void*)(size_t)i, 0, NULL);
    SetEvent(go);
    for (int i = 0; i < THREADS; ++i) {
        if (WaitForSingleObject(threads[i], INFINITE) != WAIT_OBJECT_0) return 1;
        DWORD code = 0;
        GetExitCodeThread(threads[i], &code);
        printf("thread %d exit code %lu\n", i, (unsigned long)code);
        CloseHandle(threads[i]);
    }
    printf("counter=%ld atomic=%ld\n", counter, (long)atomic_counter);
    HANDLE semaphore = CreateSemaphoreA(NULL, 1, 2, NULL);
    DWORD first = WaitForSingleObject(semaphore, 0);   /* count 1 -> 0: WAIT_OBJECT_0 */
    DWORD second = WaitForSingleObject(semaphore, 10); /* count 0: WAIT_TIMEOUT (258) */
    printf("semaphore: %lu %lu\n", (unsigned long)first, (unsigned long)second);
    DeleteCriticalSection(&lock);
    return 0;
}
