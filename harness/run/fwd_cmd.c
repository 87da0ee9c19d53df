// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fwd_cmd.h"
#include "link_stats.h"
#include "log.h"
#include "netns.h"
#include "run.h"
#include "topo.h"
#include "cgroup.h"
#include "util.h"

/* IEEE 802 local experimental EtherType: nothing else on the path sends it. */
#define PROBE_ETHERTYPE 0x88b5
#define PROBE_MAGIC	"xskns-fwd-probe"
#define PROBE_FRAME	64
#define PROBE_STEP_MS	100
/* Draining: the forwarder's output is quiet for DRAIN_QUIET_STEPS samples in a row. */
#define DRAIN_STEP_MS	  50
#define DRAIN_QUIET_STEPS 4
/* Probes per step: a forwarder that sends only full bursts (64 is common) still lets them out. */
#define PROBE_BURST 64

/*
 * The command's cgroup ("" when there is no writable cgroup2): everything it
 * starts, however it detaches, is stopped with it. One command per run.
 */
static char fwd_cgroup[PATH_MAX];

/* In the child: setns, pin, stdio; never returns. err_fd gets errno when exec fails. */
static void child_exec(char *const argv[], int nsfd, uint32_t cpu, int err_fd)
{
	int e = 0, null;

	setpgid(0, 0);
	signals_reset();
	if (fwd_cgroup[0])
		cgroup_join(fwd_cgroup);
	if (setns(nsfd, CLONE_NEWNET))
		e = errno;
	if (!e && cpu != UINT32_MAX) {
		cpu_set_t set;

		CPU_ZERO(&set);
		CPU_SET(cpu, &set);
		if (sched_setaffinity(0, sizeof(set), &set))
			e = errno;
	}
	null = open("/dev/null", O_RDONLY);
	if (null >= 0)
		dup2(null, STDIN_FILENO);
	dup2(STDERR_FILENO, STDOUT_FILENO);
	if (!e) {
		execvp(argv[0], argv);
		e = errno;
	}
	if (write(err_fd, &e, sizeof(e)) < 0)
		_exit(126);
	_exit(127);
}

int fwd_cmd_spawn(struct child *c, char *const argv[], const char *netns, uint32_t cpu, char *err,
		  size_t errlen)
{
	int nsfd = netns_open(netns), pipefd[2], e = 0;
	pid_t parent = getpid();
	char name[64];
	ssize_t n;

	*c = (struct child){.ready_fd = -1};
	if (nsfd < 0) {
		snprintf(err, errlen, "cannot open namespace %s: %s", netns, strerror(-nsfd));
		return nsfd;
	}
	if (pipe2(pipefd, O_CLOEXEC)) {
		e = errno;
		close(nsfd);
		snprintf(err, errlen, "pipe: %s", strerror(e));
		return -e;
	}
	snprintf(name, sizeof(name), "%s", argv[0]);
	snprintf(c->name, sizeof(c->name), "%s", basename(name));
	c->pid = fork();
	if (!c->pid) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (getppid() != parent)
			_exit(127);
		close(pipefd[0]);
		child_exec(argv, nsfd, cpu, pipefd[1]);
	}
	e = c->pid < 0 ? errno : 0;
	close(nsfd);
	close(pipefd[1]);
	if (c->pid < 0) {
		c->pid = 0;
		close(pipefd[0]);
		snprintf(err, errlen, "fork: %s", strerror(e));
		return -e;
	}
	setpgid(c->pid, c->pid); /* also here: no window where a stop misses the group */
	/* EOF: exec succeeded (the pipe closed on exec); an int: why it did not. */
	while ((n = read(pipefd[0], &e, sizeof(e))) < 0 && errno == EINTR)
		;
	close(pipefd[0]);
	if (n == sizeof(e)) {
		child_wait(c, 1000);
		snprintf(err, errlen, "cannot run '%s' in %s: %s", argv[0], netns, strerror(e));
		return -e;
	}
	return 0;
}

struct probe_sock {
	const char *dev;
	int fd, ifindex;
};

/* A packet socket for the probe EtherType, bound to dev, in the current namespace. */
static int probe_open_here(void *arg)
{
	struct probe_sock *p = arg;
	struct sockaddr_ll sll = {.sll_family = AF_PACKET, .sll_protocol = htons(PROBE_ETHERTYPE)};
	int fd;

	p->ifindex = (int)if_nametoindex(p->dev);
	if (!p->ifindex)
		return -errno;
	fd = socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC | SOCK_NONBLOCK, htons(PROBE_ETHERTYPE));
	if (fd < 0)
		return -errno;
	sll.sll_ifindex = p->ifindex;
	if (bind(fd, (struct sockaddr *)&sll, sizeof(sll))) {
		int e = -errno;

		close(fd);
		return e;
	}
	p->fd = fd;
	return 0;
}

static int probe_open(struct probe_sock *p, const char *netns, const char *dev)
{
	*p = (struct probe_sock){.dev = dev, .fd = -1};
	return netns_call(netns, probe_open_here, p);
}

/* Broadcast, a locally administered source, the EtherType, magic and nonce. */
static void probe_frame(unsigned char *f, uint64_t nonce)
{
	static const unsigned char src[6] = {0x02, 0x78, 0x73, 0x6b, 0x00, 0x01};

	memset(f, 0, PROBE_FRAME);
	memset(f, 0xff, 6);
	memcpy(f + 6, src, 6);
	f[12] = PROBE_ETHERTYPE >> 8;
	f[13] = PROBE_ETHERTYPE & 0xff;
	memcpy(f + 14, PROBE_MAGIC, sizeof(PROBE_MAGIC));
	memcpy(f + 14 + sizeof(PROBE_MAGIC), &nonce, sizeof(nonce));
}

/* True when a frame of this run's probes (any nonce sent so far) came out. */
static bool probe_seen(int fd, uint64_t base, uint64_t sent)
{
	unsigned char f[2048];
	uint64_t nonce;
	ssize_t n;

	while ((n = recv(fd, f, sizeof(f), 0)) > 0) {
		if (n < 14 + (ssize_t)sizeof(PROBE_MAGIC) + 8 ||
		    memcmp(f + 14, PROBE_MAGIC, sizeof(PROBE_MAGIC)))
			continue;
		memcpy(&nonce, f + 14 + sizeof(PROBE_MAGIC), sizeof(nonce));
		if (nonce >= base && nonce < base + sent)
			return true;
	}
	return false;
}

int fwd_cmd_wait_probe(struct child *c, const struct fwd_probe_path *p, int timeout_ms, char *err,
		       size_t errlen)
{
	struct probe_sock tx, rx;
	uint64_t base = (uint64_t)getpid() << 32, sent = 0;
	unsigned char frame[PROBE_FRAME];
	int ret = probe_open(&tx, p->tx_netns, p->tx_dev);

	if (ret) {
		snprintf(err, errlen, "probe socket on %s in %s: %s", p->tx_dev, p->tx_netns,
			 strerror(-ret));
		return ret;
	}
	ret = probe_open(&rx, p->rx_netns, p->rx_dev);
	if (ret) {
		snprintf(err, errlen, "probe socket on %s in %s: %s", p->rx_dev, p->rx_netns,
			 strerror(-ret));
		close(tx.fd);
		return ret;
	}
	ret = -ETIMEDOUT;
	for (int waited = 0; waited < timeout_ms; waited += PROBE_STEP_MS) {
		struct pollfd pfd = {.fd = rx.fd, .events = POLLIN};
		enum child_state st = child_poll(c);

		if (st != CHILD_RUNNING) {
			ret = -ESRCH;
			break;
		}
		if (stop_requested) {
			ret = -EINTR;
			break;
		}
		for (int i = 0; i < PROBE_BURST; i++) {
			probe_frame(frame, base + sent);
			if (send(tx.fd, frame, sizeof(frame), 0) == sizeof(frame))
				sent++;
		}
		poll(&pfd, 1, PROBE_STEP_MS);
		if (probe_seen(rx.fd, base, sent)) {
			c->ready = true;
			pr_debug("forwarder command: a probe crossed it after %d ms (%llu sent)\n",
				 waited, (unsigned long long)sent);
			ret = 0;
			break;
		}
	}
	close(tx.fd);
	close(rx.fd);
	return ret;
}

void fwd_cmd_term(struct child *c)
{
	if (!c->pid || c->reaped)
		return;
	kill(-c->pid, SIGTERM);
	kill(-c->pid, SIGCONT);
}

void fwd_cmd_reap(struct child *c)
{
	int left;

	/* The leader is gone; anything it started still has its group, or its cgroup. */
	if (c->pid)
		kill(-c->pid, SIGKILL);
	left = cgroup_kill_remove(fwd_cgroup, 2000);
	if (left < 0)
		pr_warn("cannot remove the forwarder command's cgroup %s: %s\n", fwd_cgroup,
			strerror(-left));
	else if (left)
		pr_info("the forwarder command left %d process(es) behind: killed\n", left);
	fwd_cgroup[0] = '\0';
	if (c->killed) {
		pr_warn("the forwarder command did not exit within its grace time after SIGTERM "
			"and was killed\n");
		c->killed = false;
		c->status = 0;
	} else if (c->reaped &&
		   ((WIFSIGNALED(c->status) && WTERMSIG(c->status) == SIGTERM) ||
		    (WIFEXITED(c->status) && WEXITSTATUS(c->status) == 128 + SIGTERM))) {
		c->status = 0;
	}
}

int fwd_cmd_validate(const char *cmd, bool have_cpu, char *err, size_t errlen)
{
	const struct cmdline_vars v = {"p0", "p1", "ns", "ns0", "ns1", have_cpu ? "0" : NULL,
				       "0",  "1"};
	char **argv;
	int ret = cmdline_split(cmd, &argv, err, errlen);

	if (ret < 0)
		return ret;
	ret = cmdline_expand(argv, &v, err, errlen);
	cmdline_free(argv);
	return ret;
}

/* The words as they are run, each in '' when it has a blank or is empty. */
static void say_command(char **argv, const char *netns)
{
	char line[2048];
	size_t used = 0;

	line[0] = '\0';
	for (size_t i = 0; argv[i] && used < sizeof(line); i++) {
		bool q = !argv[i][0] || strpbrk(argv[i], " \t\n");
		int n = snprintf(line + used, sizeof(line) - used, "%s%s%s%s", i ? " " : "",
				 q ? "'" : "", argv[i], q ? "'" : "");

		used += n > 0 ? (size_t)n : 0;
	}
	pr_info("forwarder command in %s: %s\n", netns, line);
}

int fwd_cmd_start(const struct run_cfg *cfg, const struct scenario *sc, const struct topo *t,
		  struct child *c, char *err, size_t errlen)
{
	char cpu[16], queues[16], g0[IF_NAMESIZE] = "g0", s0[IF_NAMESIZE] = "s0", why[256];
	struct cmdline_vars v = {.port0 = "outer",
				 .port1 = "inner",
				 .netns = t->outer_ns[0],
				 .netns0 = t->outer_ns[0],
				 .netns1 = t->inner_ns[0],
				 .queue = "0",
				 .queues = queues};
	struct fwd_probe_path path = {t->gen_ns, g0, t->sink_ns, s0};
	char **argv;
	int ret;

	snprintf(queues, sizeof(queues), "%u", sc->queues);
	if (cfg->cpu_fwd != OPT_NONE) {
		snprintf(cpu, sizeof(cpu), "%u", cfg->cpu_fwd);
		v.cpu = cpu;
	}
	ret = cmdline_split(sc->fwd_cmd, &argv, err, errlen);
	if (ret < 0)
		return ret;
	ret = cmdline_expand(argv, &v, err, errlen);
	if (!ret) {
		char name[64];
		int cg;

		snprintf(name, sizeof(name), "%s-fwd", t->prefix);
		cg = cgroup_make(name, fwd_cgroup, sizeof(fwd_cgroup));
		/* Recorded, so a run that is killed leaves it to the next run's cleanup. */
		if (!cg && (cg = run_record_note_cgroup(&t->rec, fwd_cgroup)))
			cgroup_kill_remove(fwd_cgroup, 0);
		if (cg) {
			fwd_cgroup[0] = '\0';
			pr_info(
			    "no cgroup for the forwarder command (%s): a process it detaches from "
			    "its group may outlive the run\n",
			    strerror(-cg));
		}
		say_command(argv, v.netns);
		ret = fwd_cmd_spawn(c, argv, v.netns, cfg->cpu_fwd, err, errlen);
	}
	cmdline_free(argv);
	if (ret)
		return ret;
	ret = fwd_cmd_wait_probe(c, &path, (int)cfg->fwd_ready_timeout * 1000, err, errlen);
	if (ret == -ESRCH) {
		if (c->stopped || child_wait(c, 1000))
			child_stop(c, 1000);
		child_describe(c, why, sizeof(why));
		snprintf(err, errlen, "the forwarder command %s before a probe frame crossed it",
			 why);
	} else if (ret == -ETIMEDOUT) {
		snprintf(err, errlen,
			 "no probe frame crossed the forwarder command in %u s "
			 "(--fwd-ready-timeout)",
			 cfg->fwd_ready_timeout);
	} else if (ret == -EINTR) {
		snprintf(err, errlen, "interrupted");
	}
	return ret;
}

/* tx_packets of dev in the current namespace. */
struct tx_count {
	const char *dev;
	unsigned long long packets;
};

static int match_tx(const struct link_stats *ls, void *arg)
{
	struct tx_count *tc = arg;

	if (!strcmp(ls->name, tc->dev))
		tc->packets = ls->tx_packets;
	return 0;
}

static int tx_packets_here(void *arg)
{
	return link_stats_each(match_tx, arg);
}

int fwd_cmd_drain(const char *netns, const char *dev, int max_ms)
{
	struct tx_count tc = {.dev = dev};
	unsigned long long last = ~0ULL;
	int waited = 0, still = 0;

	for (; waited < max_ms && still < DRAIN_QUIET_STEPS && !stop_requested;
	     waited += DRAIN_STEP_MS) {
		if (netns_call(netns, tx_packets_here, &tc))
			break;
		still = tc.packets == last ? still + 1 : 0;
		last = tc.packets;
		usleep(DRAIN_STEP_MS * 1000);
	}
	return waited;
}
