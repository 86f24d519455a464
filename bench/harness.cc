// The only C++ in sipwire: adapts Google Benchmark to the C API in harness.h.
#include <benchmark/benchmark.h>

#include "harness.h"

struct swb_state {
	benchmark::State *s;
};

extern "C" {

void
swb_register(const char *name, swb_fn fn, void *arg)
{
	benchmark::RegisterBenchmark(name, [fn, arg](benchmark::State &s) {
		swb_state st{ &s };
		fn(&st, arg);
	});
}

int
swb_main(int argc, char **argv)
{
	benchmark::Initialize(&argc, argv);
	if (benchmark::ReportUnrecognizedArguments(argc, argv))
		return 2;
	benchmark::RunSpecifiedBenchmarks();
	benchmark::Shutdown();
	return 0;
}

int
swb_keep_running(struct swb_state *st)
{
	return st->s->KeepRunning() ? 1 : 0;
}

int64_t
swb_iterations(const struct swb_state *st)
{
	return static_cast<int64_t>(st->s->iterations());
}

void
swb_set_bytes(struct swb_state *st, int64_t bytes)
{
	st->s->SetBytesProcessed(bytes);
}

void
swb_set_items(struct swb_state *st, int64_t items)
{
	st->s->SetItemsProcessed(items);
}

void
swb_counter(struct swb_state *st, const char *name, double value)
{
	st->s->counters[name] = value;
}

void
swb_error(struct swb_state *st, const char *msg)
{
	st->s->SkipWithError(msg);
}

void
swb_pause(struct swb_state *st)
{
	st->s->PauseTiming();
}

void
swb_resume(struct swb_state *st)
{
	st->s->ResumeTiming();
}

void
swb_do_not_optimize(const void *p)
{
	benchmark::DoNotOptimize(p);
}

void
swb_clobber(void)
{
	benchmark::ClobberMemory();
}
}
