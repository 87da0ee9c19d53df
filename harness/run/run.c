// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * `xskns run`: scenarios end to end, one KTAP result each on stdout. Exit
 * status: the worst over all scenarios, 2 ERROR, 1 BUG, 4 SKIP, 0 PASS; with
 * --check-expect 0 when every verdict is the expected one (or a SKIP). The
 * KTAP lines and the summary say in both modes whether each verdict is the one
 * its scenario expects: an expected BUG is "ok ... # XFAIL BUG (as expected)".
 */
#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "commands.h"
#include "env.h"
#include "expect.h"
#include "fwd_cmd.h"
#include "junit.h"
#include "kfeatures.h"
#include "kfwd.h"
#include "ktap.h"
#include "log.h"
#include "memest.h"
#include "opts.h"
#include "pcapio.h"
#include "run.h"
#include "topo.h"
#include "util.h"
#include "version.h"

#define RUN_SUMMARY "Run scenarios end to end and judge them: PASS, BUG or ERROR"

static const char *const machine_kinds[] = {"host", "guest", NULL};
static const char *const accel_kinds[] = {"none", "kvm", "tcg", NULL};
static const char *const fwd_netns_kinds[] = {"separate", "shared", NULL};

static const struct opt_def run_opts[] = {
    OPT_DEF("results", 0, OPT_STRING, struct run_cfg, results, "folder for run folders",
	    .metavar = "DIR"),
    OPT_DEF("scenarios", 0, OPT_STRING, struct run_cfg, scenarios,
	    "folder of NAME.scn files (default: PREFIX/share/xskns/scenarios when installed, "
	    "else scenarios/ of the tree the binary was built from)",
	    .metavar = "DIR"),
    OPT_DEF("list", 'l', OPT_FLAG, struct run_cfg, list, "list the scenarios and exit"),
    OPT_DEF("all", 'a', OPT_FLAG, struct run_cfg, all,
	    "every scenario of the scenarios folder, in name order"),
    OPT_DEF("junit", 0, OPT_STRING, struct run_cfg, junit,
	    "also write JUnit XML: one testcase per scenario, judged as the KTAP lines",
	    .metavar = "FILE"),
    OPT_DEF("check-expect", 'e', OPT_FLAG, struct run_cfg, check_expect,
	    "exit 0 when every verdict is the one its scenario expects, 1 when one is not "
	    "(without it the exit status is the verdict: 1 for any BUG, expected or not)"),
    OPT_INCLUDE(scenario_rows, struct run_cfg, ovr),
    OPT_DEF("batch", 'b', OPT_U32, struct run_cfg, batch, "descriptors per ring operation",
	    .min = 1, .max = 512),
    OPT_DEF("umem", 0, OPT_ENUM, struct run_cfg, umem, "override: one UMEM, or one per port",
	    .values = scenario_umem_kinds),
    OPT_DEF("emulate-no-netns-cookie", 0, OPT_FLAG, struct run_cfg, emulate,
	    "override: emulate a kernel before 5.14 in the forwarder"),
    OPT_DEF("forwarder", 0, OPT_STRING, struct run_cfg, forwarder,
	    "xsk (AF_XDP, default) | kernel (XDP redirect reference) | none (generator straight "
	    "into the sink) | cmd:'COMMAND' (any program; placeholders {port0} {port1} {netns} "
	    "{netns0} {netns1} {cpu} {queue} {queues}; split without a shell)",
	    .metavar = "KIND"),
    OPT_DEF("fwd-netns", 0, OPT_ENUM, struct run_cfg, fwd_netns,
	    "override: outer and inner namespaces apart, or both forwarder ports in one",
	    .values = fwd_netns_kinds),
    OPT_DEF("fwd-ready-timeout", 0, OPT_U32, struct run_cfg, fwd_ready_timeout,
	    "seconds a probe frame may take to cross a forwarder command", .min = 1, .max = 600),
    OPT_DEF("fwd-fault", 0, OPT_ENUM, struct run_cfg, fwd_fault,
	    "forwarder injects a fault: the checks must say BUG (app-*: ERROR, the tool's own)",
	    .values = fwd_fault_kinds),
    OPT_DEF("spin", 0, OPT_FLAG, struct run_cfg, spin,
	    "forwarder and sink busy-spin when idle (default: spin briefly, then poll())"),
    OPT_DEF("busy-poll", 0, OPT_FLAG, struct run_cfg, busy_poll,
	    "forwarder and sink busy-poll their sockets (SO_PREFER_BUSY_POLL) when idle"),
    OPT_DEF(
	"no-timestamp", 0, OPT_FLAG, struct run_cfg, no_timestamp,
	"generator stamps flow and sequence but no send time (what the clock costs; no latency)"),
    OPT_DEF("pcap", 0, OPT_STRING, struct run_cfg, pcap, "generator replays this capture",
	    .metavar = "FILE"),
    OPT_DEF("pcap-out", 0, OPT_U32, struct run_cfg, pcap_out,
	    "sink captures its first N frames to sink.pcap", .max = 1000000),
    OPT_DEF("cpu-gen", 0, OPT_U32, struct run_cfg, cpu_gen,
	    "pin the generator to this CPU (default: not pinned, any CPU)", .max = 4095),
    OPT_DEF("cpu-fwd", 0, OPT_U32, struct run_cfg, cpu_fwd,
	    "pin the forwarder to this CPU (default: not pinned, any CPU)", .max = 4095),
    OPT_DEF("cpu-sink", 0, OPT_U32, struct run_cfg, cpu_sink,
	    "pin the sink to this CPU (default: not pinned, any CPU)", .max = 4095),
    OPT_DEF("machine", 0, OPT_ENUM, struct run_cfg, machine, "recorded in results",
	    .values = machine_kinds),
    OPT_DEF("accel", 0, OPT_ENUM, struct run_cfg, accel, "recorded in results",
	    .values = accel_kinds),
    OPT_DEF("mem-limit-mb", 0, OPT_U64, struct run_cfg, mem_limit_mb,
	    "refuse a scenario estimated to need more memory (default: half of MemAvailable)",
	    .min = 1, .metavar = "MIB"),
    OPT_DEF("verbose", 'v', OPT_COUNT, struct run_cfg, verbose,
	    "debug messages; -vv adds libbpf's own"),
    OPT_END,
};

/* The share of MemAvailable a run may be estimated to need, by default. */
#define MEM_LIMIT_PERCENT     50
#define MEM_LIMIT_PERCENT_STR "50 %"

/* scenario_default_dir() for this binary: where it is installed, or was built from. */
static void default_scenario_dir(char *buf, size_t len)
{
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
#ifdef XSKNS_TREE
	const char *tree = XSKNS_TREE;
#else
	const char *tree = NULL;
#endif

	exe[n > 0 ? n : 0] = '\0';
	scenario_default_dir(tree, exe, buf, len);
}

/* The verdict expected here; a rule that depends on the kernel is shown too. */
static void list_one(const struct scenario *sc)
{
	bool rule = strcmp(sc->expect_rule, verdict_name(sc->expect));

	printf("%-22s expect %-5s %s%s%s%s\n", sc->name, verdict_name(sc->expect), sc->description,
	       rule ? " (expect = " : "", rule ? sc->expect_rule : "", rule ? ")" : "");
}

/* The names of dir's NAME.scn files in name order (*names malloc'ed), or -1 after saying why. */
static int scenario_names(const char *dir, char ***names)
{
	struct dirent **ents;
	int n = *dir ? scandir(dir, &ents, NULL, alphasort) : -1, k = 0;

	if (!*dir) {
		fprintf(stderr, "xskns run: %s\n", SCENARIO_NO_DIR);
		return -1;
	}
	if (n < 0) {
		fprintf(stderr, "xskns run: cannot read --scenarios '%s': %s\n", dir,
			strerror(errno));
		return -1;
	}
	*names = calloc((size_t)n + 1, sizeof(**names));
	for (int i = 0; i < n; i++) {
		char *dot = strstr(ents[i]->d_name, ".scn");

		if (*names && dot && !dot[4] && dot != ents[i]->d_name) {
			*dot = '\0';
			(*names)[k] = strdup(ents[i]->d_name);
			k += (*names)[k] != NULL;
		}
		free(ents[i]);
	}
	free(ents);
	if (!*names) {
		fprintf(stderr, "xskns run: out of memory\n");
		return -1;
	}
	return k;
}

static void free_names(char **names, int n)
{
	for (int i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

static int list_scenarios(const char *dir)
{
	char **names, err[512];
	int n = scenario_names(dir, &names);

	if (n < 0)
		return EXIT_ERROR;
	for (int i = 0; i < n; i++) {
		struct scenario sc;

		if (names[i] && !scenario_load(names[i], dir, &sc, err, sizeof(err)))
			list_one(&sc);
	}
	free_names(names, n);
	return EXIT_PASS;
}

/*
 * The forwarder: --forwarder over the scenario's own. Another program's
 * sockets are not ours to judge, so it is expected to PASS (its traffic is
 * checked all the same). One namespace cannot hold two devices with one
 * ifindex: with fwd_netns = shared the inner one is the kernel's choice.
 */
static int apply_forwarder(const struct run_cfg *cfg, struct scenario *sc, char *err, size_t len)
{
	char why[384];

	if (!strncmp(cfg->forwarder, "cmd:", 4))
		snprintf(sc->fwd_cmd, sizeof(sc->fwd_cmd), "%s", cfg->forwarder + 4);
	else if (cfg->forwarder_given)
		sc->fwd_cmd[0] = '\0';
	sc->fwd_none = !strcmp(cfg->forwarder, "none");
	if (cfg->fwd_netns)
		sc->fwd_netns_shared = !strcmp(cfg->fwd_netns, "shared");
	/*
	 * Our AF_XDP forwarder's verdict is about the collision: a shared namespace
	 * would remove it, and the run would judge another scenario under this name.
	 */
	if (sc->fwd_netns_shared && sc->ifindex_outer && sc->ifindex_outer == sc->ifindex_inner &&
	    !sc->fwd_cmd[0] && !sc->fwd_none && strcmp(cfg->forwarder, "kernel")) {
		snprintf(err, len,
			 "%s: fwd_netns shared puts both forwarder devices in one namespace, "
			 "where they cannot both have ifindex %u: the collision the scenario "
			 "is about would be gone (use separate namespaces, or a scenario with "
			 "distinct ifindexes)",
			 sc->name, sc->ifindex_outer);
		return -EINVAL;
	}
	if (sc->fwd_netns_shared && sc->ifindex_outer && sc->ifindex_outer == sc->ifindex_inner)
		sc->ifindex_inner = 0;
	if (sc->fwd_cmd[0] || sc->fwd_none)
		sc->expect = VERDICT_PASS;
	if (!sc->fwd_cmd[0])
		return 0;
	if (fwd_cmd_validate(sc->fwd_cmd, cfg->cpu_fwd != OPT_NONE, why, sizeof(why))) {
		snprintf(err, len, "%s: bad forwarder command: %s", sc->name, why);
		return -EINVAL;
	}
	if (sc->pairs != 1) {
		snprintf(err, len, "%s: a forwarder command serves one pair of ports, not pairs %u",
			 sc->name, sc->pairs);
		return -EINVAL;
	}
	if (cfg->fwd_fault) {
		snprintf(err, len, "%s: --fwd-fault is our forwarder's; a command cannot take it",
			 sc->name);
		return -EINVAL;
	}
	return 0;
}

static int apply_overrides(const struct run_cfg *cfg, struct scenario *sc, char *err, size_t len)
{
	opts_copy_given(scenario_rows, &cfg->ovr, sc);
	if (cfg->ovr.frames_per_sock == OPT_NONE && sc->frames_per_sock < 2 * sc->ring_size)
		sc->frames_per_sock = 2 * sc->ring_size;
	if (cfg->umem)
		sc->separate_umem = cfg->umem == scenario_umem_kinds[1];
	if (cfg->emulate)
		sc->emulate_no_netns_cookie = true;
	if (apply_forwarder(cfg, sc, err, len))
		return -EINVAL;
	/* The expectations are the AF_XDP forwarder's: the kernel's has no socket to collide. */
	if (!strcmp(cfg->forwarder, "kernel"))
		sc->expect = VERDICT_PASS;
	if (scenario_validate(sc, err, len))
		return -EINVAL;
	/* Found out now, not after the topology is built. */
	if (!strcmp(cfg->forwarder, "kernel") && 2 * sc->pairs > KFWD_MAX_PORTS) {
		snprintf(err, len,
			 "%s: pairs %u needs %u forwarder ports; the kernel forwarder takes at "
			 "most %d (%d pairs)",
			 sc->name, sc->pairs, 2 * sc->pairs, KFWD_MAX_PORTS, KFWD_MAX_PORTS / 2);
		return -EINVAL;
	}
	return 0;
}

/* A placement that is recorded must be real: a CPU this process cannot use is refused. */
static int check_cpus(const struct run_cfg *cfg)
{
	static const char *const opts[] = {"--cpu-gen", "--cpu-fwd", "--cpu-sink"};
	const uint32_t cpus[] = {cfg->cpu_gen, cfg->cpu_fwd, cfg->cpu_sink};
	char desc[192];

	for (size_t i = 0; i < ARRAY_SIZE(cpus); i++) {
		if (cpus[i] != OPT_NONE && cpu_available(cpus[i], desc, sizeof(desc))) {
			fprintf(
			    stderr,
			    "xskns run: bad %s %u: not a CPU this process can run on (it has %s)\n",
			    opts[i], cpus[i], desc);
			return -EINVAL;
		}
	}
	return 0;
}

/* Runs are written into the results folder itself, never through a link someone else made. */
static int check_results(const char *dir)
{
	char path[PATH_MAX];
	size_t len = strlen(dir);
	struct stat st;

	if (!len) {
		fprintf(stderr, "xskns run: --results is empty: give a folder\n");
		return -EINVAL;
	}
	/* "link/" would make lstat() follow the link: judge the name without the slashes. */
	while (len > 1 && dir[len - 1] == '/')
		len--;
	if (len >= sizeof(path))
		return 0; /* mkdir() names the problem */
	memcpy(path, dir, len);
	path[len] = '\0';
	if (lstat(path, &st))
		return 0; /* made by the run */
	if (S_ISLNK(st.st_mode)) {
		fprintf(stderr,
			"xskns run: --results '%s' is a symbolic link: xskns writes through no "
			"link it did not make; give the folder it points to\n",
			dir);
		return -ELOOP;
	}
	if (!S_ISDIR(st.st_mode)) {
		fprintf(stderr, "xskns run: --results '%s' is not a folder\n", dir);
		return -ENOTDIR;
	}
	/* latest is the link xskns keeps to the newest run: anything else there is someone's. */
	snprintf(path + len, sizeof(path) - len, "/latest");
	if (!lstat(path, &st) && !S_ISLNK(st.st_mode)) {
		fprintf(stderr,
			"xskns run: '%s' is a %s, not the link xskns keeps to the newest run: "
			"move it away\n",
			path, S_ISDIR(st.st_mode) ? "folder" : "file");
		return -EEXIST;
	}
	return 0;
}

/*
 * The JUnit file is written at the end, beside itself then renamed: a path it
 * cannot be written to is found now, without touching a file that is there.
 */
static int check_junit(const char *path)
{
	char dir[PATH_MAX];
	struct stat st;

	if (!path)
		return 0;
	if (!*path || strlen(path) >= sizeof(dir)) {
		fprintf(stderr, "xskns run: bad --junit '%s': give a file name\n", path);
		return -EINVAL;
	}
	snprintf(dir, sizeof(dir), "%s", path);
	if (!stat(path, &st) && !S_ISREG(st.st_mode)) {
		fprintf(stderr, "xskns run: cannot write --junit %s: not a regular file\n", path);
		return -EINVAL;
	}
	if (access(dirname(dir), W_OK | X_OK)) {
		fprintf(stderr, "xskns run: cannot write --junit %s: its folder: %s\n", path,
			strerror(errno));
		return -errno;
	}
	return 0;
}

static int validate_cfg(const struct run_cfg *cfg)
{
	/* The other words are checked by their option rows (OPT_ENUM). */
	static const struct {
		const char *opt, *val, *allowed[4];
	} choices[] = {
	    {"--forwarder", NULL, {"xsk", "kernel", "none"}},
	};
	/* cmd:COMMAND is checked with the scenario it runs in (apply_forwarder()). */
	const char *vals[] = {strncmp(cfg->forwarder, "cmd:", 4) ? cfg->forwarder : NULL};

	if (!strncmp(cfg->forwarder, "cmd:", 4) && !cfg->forwarder[4]) {
		fprintf(stderr, "xskns run: bad --forwarder 'cmd:': no command after 'cmd:'\n");
		return -EINVAL;
	}
	for (size_t i = 0; i < ARRAY_SIZE(choices); i++) {
		bool ok = !vals[i];

		for (size_t k = 0; !ok && k < 4 && choices[i].allowed[k]; k++)
			ok = !strcmp(vals[i], choices[i].allowed[k]);
		if (!ok) {
			fprintf(stderr, "xskns run: bad %s '%s'\n", choices[i].opt, vals[i]);
			return -EINVAL;
		}
	}
	return check_cpus(cfg) ?: check_results(cfg->results) ?: check_junit(cfg->junit);
}

/* A replayed frame the veths cannot carry would be lost on the way: refuse it now. */
static int check_pcap(const char *path)
{
	struct pcap_frames f;
	char err[512];

	if (!path)
		return 0;
	if (pcap_frames_load(path, SCENARIO_PKT_MAX, &f, err, sizeof(err))) {
		fprintf(stderr, "xskns run: bad --pcap %s (the veths carry at most %d bytes)\n",
			err, SCENARIO_PKT_MAX);
		return -EINVAL;
	}
	pcap_frames_free(&f);
	return 0;
}

/* Privileges and kernel support, checked once before anything is created. */
static int preflight(void)
{
	int err;

	if (geteuid()) {
		fprintf(stderr, "xskns run: must run as root (namespaces, BPF and AF_XDP need "
				"CAP_SYS_ADMIN, CAP_NET_ADMIN, CAP_BPF)\n");
		return -EPERM;
	}
	err = env_probe_af_xdp();
	if (err == -EPERM || err == -EACCES) {
		fprintf(stderr,
			"xskns run: not allowed to create AF_XDP sockets (%s): the process lacks "
			"CAP_NET_RAW (or a security policy forbids them)\n",
			strerror(-err));
		return err;
	}
	if (err == -EMFILE || err == -ENFILE) {
		fprintf(stderr, "xskns run: cannot create a socket: %s (ulimit -n)\n",
			strerror(-err));
		return err;
	}
	if (err) {
		fprintf(stderr,
			"xskns run: this kernel cannot create AF_XDP sockets (%s): "
			"CONFIG_XDP_SOCKETS missing?\n",
			strerror(-err));
		return err;
	}
	return 0;
}

/* Descriptors a tool may hold at once: its sockets (2 per forwarder pair and queue), and a margin.
 */
#define FDS_BASE     64
#define FDS_PER_SOCK 2

/*
 * The descriptors a run needs, up to the hard limit: the soft one is raised to
 * it, and a limit still too low is refused now, naming it, rather than found
 * as a socket that was never created.
 */
static int check_fds(const struct scenario *scs, int nsc)
{
	struct rlimit rl;
	uint64_t need = 0;

	for (int i = 0; i < nsc; i++) {
		uint64_t n = FDS_BASE + (uint64_t)FDS_PER_SOCK * 2 * scs[i].pairs * scs[i].queues;

		need = n > need ? n : need;
	}
	if (getrlimit(RLIMIT_NOFILE, &rl))
		return 0;
	if (rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
	if (rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur < need) {
		fprintf(stderr,
			"xskns run: the file descriptor limit (ulimit -n) is %llu; this run needs "
			"about %" PRIu64 " (its sockets and a margin)\n",
			(unsigned long long)rl.rlim_cur, need);
		return -EMFILE;
	}
	return 0;
}

/* Each scenario must fit the memory limit: a run the machine cannot hold is refused now. */
static int check_memory(struct run_cfg *cfg, const struct scenario *scs, int nsc)
{
	uint64_t avail = 0, limit;
	struct mem_estimate e;
	struct mem_shape shape;
	const uint64_t mib = 1 << 20;

	if (mem_available("/proc/meminfo", &avail) && cfg->mem_limit_mb == OPT_NONE64) {
		fprintf(stderr, "xskns run: cannot read MemAvailable from /proc/meminfo: give "
				"--mem-limit-mb\n");
		return -EINVAL;
	}
	limit = cfg->mem_limit_mb != OPT_NONE64 ? cfg->mem_limit_mb * mib
						: avail / 100 * MEM_LIMIT_PERCENT;
	cfg->mem_limit = limit;
	for (int i = 0; i < nsc; i++) {
		scenario_mem_shape(&scs[i], !strcmp(cfg->forwarder, "kernel"), &shape);
		mem_estimate(&shape, &e);
		if (e.total <= limit)
			continue;
		fprintf(stderr,
			"xskns run: %s needs an estimated %" PRIu64 " MiB (UMEM %" PRIu64
			", kernel buffer-pool state %" PRIu64 ", rings and tables %" PRIu64
			"), more than the limit of %" PRIu64 " MiB (%s; --mem-limit-mb sets it)\n",
			scs[i].name, e.total / mib, e.umem / mib, e.pool_state / mib, e.other / mib,
			limit / mib,
			cfg->mem_limit_mb != OPT_NONE64 ? "--mem-limit-mb"
							: MEM_LIMIT_PERCENT_STR " of MemAvailable");
		return -E2BIG;
	}
	return 0;
}

/* Every scenario is loaded and checked before anything runs: bad input costs nothing. */
static struct scenario *load_scenarios(struct run_cfg *cfg, char **names, int nsc, const char *dir)
{
	struct scenario *scs = calloc((size_t)nsc, sizeof(*scs));
	char err[512];

	if (!scs)
		return NULL;
	for (int i = 0; i < nsc; i++) {
		if (scenario_load(names[i], dir, &scs[i], err, sizeof(err)) ||
		    apply_overrides(cfg, &scs[i], err, sizeof(err))) {
			fprintf(stderr, "xskns run: %s\n", err);
			free(scs);
			return NULL;
		}
	}
	if (check_memory(cfg, scs, nsc) || check_fds(scs, nsc)) {
		free(scs);
		return NULL;
	}
	return scs;
}

/* A scenario's testcase: the verdict, and what the tools measured. */
static void junit_case_of(const struct scenario *sc, const struct run_outcome *o,
			  struct junit_case *c)
{
	*c = (struct junit_case){.expect = sc->expect, .interrupted = !o};
	snprintf(c->name, sizeof(c->name), "%s", sc->name);
	if (!o)
		return;
	c->verdict = o->result.verdict;
	snprintf(c->reason, sizeof(c->reason), "%s", o->result.reason);
	snprintf(c->result, sizeof(c->result), "%s/result.json", o->dir);
	c->time_s = o->wall_s;
	c->gen_pps = kv_f64(&o->gen, "pps", 0);
	c->fwd_rx_pps = kv_f64(&o->fwd, "rx_pps", 0);
	c->fwd_tx_pps = kv_f64(&o->fwd, "tx_pps", 0);
	c->sink_pps = kv_f64(&o->sink, "pps", 0);
	c->lat_p50_ns = kv_u64(&o->sink, "latency_ns.p50", 0);
	c->lat_p99_ns = kv_u64(&o->sink, "latency_ns.p99", 0);
	c->lat_max_ns = kv_u64(&o->sink, "latency_ns.max", 0);
}

/* --junit: written once every scenario is done; a file that cannot be written is an ERROR. */
static int write_junit(const struct run_cfg *cfg, struct junit *j)
{
	struct utsname u;
	int err;

	if (!cfg->junit)
		return 0;
	if (uname(&u))
		snprintf(u.release, sizeof(u.release), "unknown");
	err = junit_write(cfg->junit, j, u.release, xskns_version());
	if (err)
		fprintf(stderr, "xskns run: cannot write --junit %s: %s\n", cfg->junit,
			strerror(-err));
	return err;
}

/* stdout and stderr are one file (a terminal, or 2>&1): the KTAP lines are seen there. */
static bool streams_shared(void)
{
	struct stat o, e;

	return !fstat(STDOUT_FILENO, &o) && !fstat(STDERR_FILENO, &e) && o.st_dev == e.st_dev &&
	       o.st_ino == e.st_ino;
}

/* stderr's line for a scenario: how its verdict compares with the scenario's expectation. */
static void say_verdict(const struct scenario *sc, enum verdict v, const struct run_outcome *o,
			bool reason_shown)
{
	enum outcome oc = outcome_of(sc->expect, v);
	bool reason = !reason_shown && o->result.reason[0];

	pr_info("%s: %s%s%s%s%s (%.1f s)\n", sc->name, verdict_name(v),
		oc == OUT_PASS || oc == OUT_XFAIL   ? ", as expected"
		: oc == OUT_FAIL || oc == OUT_XPASS ? ", NOT as expected: the scenario expects "
						    : "",
		oc == OUT_FAIL || oc == OUT_XPASS ? verdict_name(sc->expect) : "",
		reason ? ": " : "", reason ? o->result.reason : "", o->wall_s);
}

/* One KTAP result per scenario; returns the exit status. */
static int run_all(const struct run_cfg *cfg, const struct scenario *scs, int nsc)
{
	struct junit j = {.check = cfg->check_expect};
	struct junit_case c;
	struct ktap_totals t = {0};
	bool shared = streams_shared();
	char sum[256];
	int ret, off;

	printf("KTAP version 1\n1..%d\n", nsc);
	fflush(stdout);
	for (int i = 0; i < nsc; i++) {
		struct run_outcome out;
		enum verdict v;

		if (stop_requested) {
			ktap_interrupted(stdout, i + 1, scs[i].name, &t);
			junit_case_of(&scs[i], NULL, &c);
			junit_add(&j, &c);
			continue;
		}
		v = run_scenario(cfg, &scs[i], &out);
		ktap_result(stdout, i + 1, scs[i].name, scs[i].expect, v, out.result.reason, &t);
		say_verdict(&scs[i], v, &out, shared);
		junit_case_of(&scs[i], &out, &c);
		junit_add(&j, &c);
		run_outcome_free(&out);
	}
	ktap_totals_print(stdout, &t);
	ret = write_junit(cfg, &j) ? EXIT_ERROR : ktap_exit_code(&t, cfg->check_expect);
	off = ktap_summary(sum, sizeof(sum), &t);
	/* A BUG as expected still exits 1 here (bisects need it): said, not left to surprise. */
	pr_info("%s%s\n", sum,
		!off && ret == EXIT_BUG && !cfg->check_expect
		    ? " (exit status 1 for the BUG verdict; with --check-expect 0)"
		    : "");
	junit_free(&j);
	return ret;
}

/*
 * A forwarder this kernel cannot run makes every scenario SKIP, saying what is
 * missing. XSKNS_EMULATE_NO_XDP_LINK=1 (tests): a kernel before 5.9.
 */
static void kernel_support(struct run_cfg *cfg)
{
	static char why[256];
	const char *emulate = getenv("XSKNS_EMULATE_NO_XDP_LINK");

	if (strcmp(cfg->forwarder, "kernel"))
		return;
	if (kfwd_kernel_support(emulate && strcmp(emulate, "0") && *emulate, why, sizeof(why)))
		cfg->skip_reason = why;
}

/* Load every scenario first, check the machine, then run them in order. */
static int run_names(struct run_cfg *cfg, char **names, int nsc, const char *dir)
{
	struct scenario *scs;
	int stale, ret;

	if (nsc < 1) {
		fprintf(stderr, "xskns run: no scenario given (xskns run --list shows them)\n");
		return EXIT_ERROR;
	}
	scs = load_scenarios(cfg, names, nsc, dir);
	if (!scs)
		return EXIT_ERROR;
	if (preflight()) {
		free(scs);
		return EXIT_ERROR;
	}
	stop_on_signals();
	stale = topo_reap_stale();
	if (stale)
		pr_info("removed %d namespaces left by runs that no longer exist\n", stale);
	kernel_support(cfg);
	ret = run_all(cfg, scs, nsc);
	free(scs);
	return ret;
}

static int cmd_run(int argc, char **argv)
{
	struct run_cfg cfg = {
	    .results = "results",
	    .machine = machine_kinds[0],
	    .accel = accel_kinds[0],
	    .ovr = {.duration_s = OPT_NONE64,
		    .rate_pps = OPT_NONE64,
		    .queues = OPT_NONE,
		    .pkt_size = OPT_NONE,
		    .pairs = OPT_NONE,
		    .ring_size = OPT_NONE,
		    .frames_per_sock = OPT_NONE},
	    .batch = OPT_NONE,
	    .cpu_gen = OPT_NONE,
	    .cpu_fwd = OPT_NONE,
	    .cpu_sink = OPT_NONE,
	    .mem_limit_mb = OPT_NONE64,
	    .fwd_ready_timeout = 20,
	};
	char dir[PATH_MAX];
	int err_code;

	log_prefix = "run";
	err_code = opts_parse(
	    run_opts, &cfg, argc, argv, "SCENARIO...",
	    RUN_SUMMARY
	    ".\n"
	    "--duration to --frames-per-socket override the scenario file's key of the same\n"
	    "name (pkt_size for --pkt-size) and are checked against the same limits.");
	if (err_code)
		return err_code > 0 ? EXIT_PASS : EXIT_ERROR;
	log_set_verbosity(cfg.verbose);
	cfg.forwarder_given = cfg.forwarder != NULL;
	if (!cfg.forwarder)
		cfg.forwarder = "xsk";
	if (validate_cfg(&cfg) || check_pcap(cfg.pcap))
		return EXIT_ERROR;
	if (cfg.scenarios)
		snprintf(dir, sizeof(dir), "%s", cfg.scenarios);
	else
		default_scenario_dir(dir, sizeof(dir));
	if (cfg.list)
		return list_scenarios(dir);

	if (cfg.all && argc > optind) {
		fprintf(stderr, "xskns run: --all or scenario names, not both\n");
		return EXIT_ERROR;
	}
	if (cfg.all) {
		char **names;
		int n = scenario_names(dir, &names), ret;

		if (n < 0)
			return EXIT_ERROR;
		ret = run_names(&cfg, names, n, dir);
		free_names(names, n);
		return ret;
	}
	return run_names(&cfg, argv + optind, argc - optind, dir);
}

const struct command command_run = {"run", cmd_run, RUN_SUMMARY};
