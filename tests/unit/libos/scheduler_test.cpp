#include <doctest/doctest.h>

#include <libos/scheduler.h>

#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

using libos::FiberControl;
using libos::RunOutcome;
using libos::Scheduler;
using libos::WaitQueue;

namespace {

// A machine with a fake clock: blocking jumps time straight to the deadline.
struct FakePlatform final : libos::SchedulerPlatform {
    uint64_t now = 1000;
    std::vector<uint64_t> blocked_until;
    size_t stacks_live = 0;
    bool out_of_memory = false;
    uint64_t pending_events = 0;  // reported by the next block_until that asks for them

    uint64_t monotonic_ns() override { return now; }
    uint64_t block_until(uint64_t deadline_ns, uint64_t events) override {
        blocked_until.push_back(deadline_ns);
        if (events & pending_events) {
            uint64_t hit = events & pending_events;
            pending_events = 0;
            return hit;
        }
        if (deadline_ns > now) now = deadline_ns;
        return 0;
    }
    void* allocate_stack(size_t bytes) override {
        if (out_of_memory) return nullptr;
        ++stacks_live;
        return std::malloc(bytes);
    }
    void free_stack(void* base, size_t) override {
        --stacks_live;
        std::free(base);
    }
};

constexpr size_t kStack = 64 * 1024;

struct World {
    FakePlatform platform;
    Scheduler scheduler;
    std::vector<std::string> log;
    World() { scheduler.init(platform); }
};

struct Worker {
    World* world;
    int id;
    uint64_t sleep_ns = 0;
};

void stepping_worker(void* arg) {
    auto* w = static_cast<Worker*>(arg);
    for (int step = 0; step < 3; ++step) {
        w->world->log.push_back("fiber " + std::to_string(w->id) + " step " + std::to_string(step));
        w->world->scheduler.yield();
    }
}

}  // namespace

TEST_CASE("scheduler: yielding fibers run round robin, join waits for each") {
    World world;
    static Worker workers[3];
    struct Main {
        static void run(void* arg) {
            auto* world = static_cast<World*>(arg);
            FiberControl* fibers[3];
            for (int i = 0; i < 3; ++i) {
                workers[i] = {world, i};
                fibers[i] = world->scheduler.spawn(stepping_worker, &workers[i], kStack);
                REQUIRE(fibers[i] != nullptr);
            }
            for (FiberControl* fiber : fibers) REQUIRE(world->scheduler.join(fiber));
            world->log.push_back("done");
        }
    };
    FiberControl* main = world.scheduler.spawn(Main::run, &world, kStack);
    REQUIRE(main);
    CHECK(world.scheduler.run_until_finished(main) == RunOutcome::finished);
    world.scheduler.release(main);
    CHECK(world.log == std::vector<std::string>{
                           "fiber 0 step 0", "fiber 1 step 0", "fiber 2 step 0",
                           "fiber 0 step 1", "fiber 1 step 1", "fiber 2 step 1",
                           "fiber 0 step 2", "fiber 1 step 2", "fiber 2 step 2", "done"});
    CHECK(world.platform.stacks_live == 0);
    CHECK(world.scheduler.live_fiber_count() == 0);
    CHECK(world.platform.blocked_until.empty());   // never idle while something could run
}

TEST_CASE("scheduler: sleepers wake in deadline order; idle blocks until the earliest") {
    World world;
    static Worker sleepers[3];
    struct Main {
        static void run(void* arg) {
            auto* world = static_cast<World*>(arg);
            auto body = [](void* a) {
                auto* w = static_cast<Worker*>(a);
                w->world->scheduler.sleep_until(w->sleep_ns);
                w->world->log.push_back("woke " + std::to_string(w->id) + " at " +
                                        std::to_string(w->world->platform.now));
            };
            sleepers[0] = {world, 0, 5000};
            sleepers[1] = {world, 1, 2000};
            sleepers[2] = {world, 2, 3000};
            FiberControl* fibers[3];
            for (int i = 0; i < 3; ++i) fibers[i] = world->scheduler.spawn(body, &sleepers[i], kStack);
            for (FiberControl* fiber : fibers) world->scheduler.join(fiber);
        }
    };
    FiberControl* main = world.scheduler.spawn(Main::run, &world, kStack);
    CHECK(world.scheduler.run_until_finished(main) == RunOutcome::finished);
    world.scheduler.release(main);
    CHECK(world.log == std::vector<std::string>{"woke 1 at 2000", "woke 2 at 3000", "woke 0 at 5000"});
    CHECK(world.platform.blocked_until == std::vector<uint64_t>{2000, 3000, 5000});
}

TEST_CASE("scheduler: a deadline already past wakes without blocking") {
    World world;
    struct Main {
        static void run(void* arg) {
            auto* world = static_cast<World*>(arg);
            world->scheduler.sleep_until(world->platform.now - 1);
            world->log.push_back("awake");
        }
    };
    FiberControl* main = world.scheduler.spawn(Main::run, &world, kStack);
    CHECK(world.scheduler.run_until_finished(main) == RunOutcome::finished);
    world.scheduler.release(main);
    CHECK(world.log == std::vector<std::string>{"awake"});
    CHECK(world.platform.blocked_until.empty());
}

TEST_CASE("scheduler: wait queues wake in FIFO order") {
    World world;
    static WaitQueue queue;
    static Worker waiters[2];
    struct Main {
        static void run(void* arg) {
            auto* world = static_cast<World*>(arg);
            auto body = [](void* a) {
                auto* w = static_cast<Worker*>(a);
                w->world->scheduler.wait(queue);
                w->world->log.push_back("waiter " + std::to_string(w->id));
            };
            waiters[0] = {world, 0};
            waiters[1] = {world, 1};
            FiberControl* a = world->scheduler.spawn(body, &waiters[0], kStack);
            FiberControl* b = world->scheduler.spawn(body, &waiters[1], kStack);
            world->scheduler.yield();   // both are now waiting
            CHECK(world->scheduler.waiting_fiber_count() == 2);
            world->log.push_back("signal");
            CHECK(world->scheduler.wake_all(queue) == 2);
            world->scheduler.join(a);
            world->scheduler.join(b);
        }
    };
    FiberControl* main = world.scheduler.spawn(Main::run, &world, kStack);
    CHECK(world.scheduler.run_until_finished(main) == RunOutcome::finished);
    world.scheduler.release(main);
    CHECK(world.log == std::vector<std::string>{"signal", "waiter 0", "waiter 1"});
}

TEST_CASE("scheduler: a fiber waiting on something nobody signals is a deadlock") {
    World world;
    static WaitQueue never_signalled;
    struct Main {
        static void run(void* arg) {
            auto* world = static_cast<World*>(arg);
            FiberControl* stuck = world->scheduler.spawn(
                [](void* a) { static_cast<World*>(a)->scheduler.wait(never_signalled); }, world,
                kStack);
            world->scheduler.join(stuck);
            world->log.push_back("unreachable");
        }
    };
    FiberControl* main = world.scheduler.spawn(Main::run, &world, kStack);
    CHECK(world.scheduler.run_until_finished(main) == RunOutcome::deadlock);
    CHECK(world.log.empty());
    CHECK(world.scheduler.waiting_fiber_count() == 2);
    CHECK(world.platform.blocked_until.empty());
}

TEST_CASE("scheduler: joining yourself is refused; a failed stack allocation is reported") {
    World world;
    struct Main {
        static void run(void* arg) {
            auto* world = static_cast<World*>(arg);
            CHECK_FALSE(world->scheduler.join(world->scheduler.current()));
            world->platform.out_of_memory = true;
            CHECK(world->scheduler.spawn([](void*) {}, nullptr, kStack) == nullptr);
            CHECK(world->scheduler.spawn([](void*) {}, nullptr, 16) == nullptr);
        }
    };
    FiberControl* main = world.scheduler.spawn(Main::run, &world, kStack);
    CHECK(world.scheduler.run_until_finished(main) == RunOutcome::finished);
    world.scheduler.release(main);
}

TEST_CASE("scheduler: never idles while another fiber is runnable") {
    World world;
    static Worker sleeper_worker;
    static Worker yielder_worker;
    struct Main {
        static void run(void* arg) {
            auto* world = static_cast<World*>(arg);
            sleeper_worker = {world, 0, 5000};
            yielder_worker = {world, 1};
            FiberControl* sleeper = world->scheduler.spawn(
                [](void* a) {
                    auto* w = static_cast<Worker*>(a);
                    w->world->scheduler.sleep_until(w->sleep_ns);
                    w->world->log.push_back("sleeper woke");
                },
                &sleeper_worker, kStack);
            FiberControl* yielder = world->scheduler.spawn(
                [](void* a) {
                    auto* w = static_cast<Worker*>(a);
                    for (int i = 0; i < 3; ++i) {
                        w->world->log.push_back("yield " + std::to_string(i) + " blocked " +
                                                std::to_string(w->world->platform.blocked_until.size()));
                        w->world->scheduler.yield();
                    }
                },
                &yielder_worker, kStack);
            world->scheduler.join(yielder);
            world->scheduler.join(sleeper);
        }
    };
    FiberControl* main = world.scheduler.spawn(Main::run, &world, kStack);
    CHECK(world.scheduler.run_until_finished(main) == RunOutcome::finished);
    world.scheduler.release(main);
    CHECK(world.log == std::vector<std::string>{"yield 0 blocked 0", "yield 1 blocked 0",
                                                "yield 2 blocked 0", "sleeper woke"});
    CHECK(world.platform.blocked_until == std::vector<uint64_t>{5000});
    CHECK(world.platform.stacks_live == 0);
}

TEST_CASE("scheduler: a fiber waiting for a device event parks; idle blocks for it and wakes it") {
    World world;
    struct Reader {
        static void run(void* arg) {
            auto* world = static_cast<World*>(arg);
            world->log.push_back("reader waits");
            world->scheduler.wait_for_events(1);
            world->log.push_back("reader woke at " + std::to_string(world->platform.now));
        }
    };
    struct Ticker {
        static void run(void* arg) {
            auto* world = static_cast<World*>(arg);
            world->scheduler.sleep_until(2000);
            world->log.push_back("tick at " + std::to_string(world->platform.now));
            world->platform.pending_events = 1;  // input arrives while the guest idles
        }
    };
    struct Main {
        static void run(void* arg) {
            auto* world = static_cast<World*>(arg);
            FiberControl* reader = world->scheduler.spawn(Reader::run, world, kStack);
            FiberControl* ticker = world->scheduler.spawn(Ticker::run, world, kStack);
            world->scheduler.join(ticker);
            world->scheduler.join(reader);
        }
    };
    FiberControl* main = world.scheduler.spawn(Main::run, &world, kStack);
    CHECK(world.scheduler.run_until_finished(main) == RunOutcome::finished);
    world.scheduler.release(main);
    CHECK(world.log == std::vector<std::string>{"reader waits", "tick at 2000", "reader woke at 2000"});
    // Idle twice: until the ticker's deadline, then with no deadline for the event alone.
    CHECK(world.platform.blocked_until == std::vector<uint64_t>{2000, UINT64_MAX});
}
