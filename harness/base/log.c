// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#include <locale.h>
#include <pthread.h>
#include <stdarg.h>
#include <bpf/libbpf.h>

#include "log.h"

enum log_level log_level = LOG_INFO;
const char *log_prefix = "xskns";

static pthread_once_t human_once = PTHREAD_ONCE_INIT;
static locale_t human_numeric;

/* LC_NUMERIC from the environment on top of C; (locale_t)0 when it does not exist. */
static void human_locale_init(void)
{
	human_numeric = newlocale(LC_NUMERIC_MASK, "", (locale_t)0);
}

/*
 * The process never calls setlocale(), so every file meant for programs is
 * written in the C locale; only lines for people switch this thread to the
 * user's digit grouping and decimal mark for the one call.
 */
int human_vfprintf(FILE *f, const char *fmt, va_list ap)
{
	locale_t saved = (locale_t)0;
	int ret;

	pthread_once(&human_once, human_locale_init);
	if (human_numeric)
		saved = uselocale(human_numeric);
	ret = vfprintf(f, fmt, ap);
	if (human_numeric)
		uselocale(saved);
	return ret;
}

int human_fprintf(FILE *f, const char *fmt, ...)
{
	va_list ap;
	int ret;

	va_start(ap, fmt);
	ret = human_vfprintf(f, fmt, ap);
	va_end(ap);
	return ret;
}

int human_snprintf(char *buf, size_t len, const char *fmt, ...)
{
	locale_t saved = (locale_t)0;
	va_list ap;
	int ret;

	pthread_once(&human_once, human_locale_init);
	if (human_numeric)
		saved = uselocale(human_numeric);
	va_start(ap, fmt);
	ret = vsnprintf(buf, len, fmt, ap);
	va_end(ap);
	if (human_numeric)
		uselocale(saved);
	return ret;
}

const char *human_ns(char *buf, size_t len, double ns)
{
	static const char *const units[] = {"ns", "µs", "ms", "s"};
	size_t u = 0;

	while (u + 1 < sizeof(units) / sizeof(units[0]) && ns >= 1000) {
		ns /= 1000;
		u++;
	}
	/* %.3g would turn 1234 s into 1.23e+03. */
	human_snprintf(buf, len, ns < 1000 ? "%.3g %s" : "%.0f %s", ns, units[u]);
	return buf;
}

void log_msg(enum log_level level, const char *fmt, ...)
{
	va_list ap;

	if (level > log_level)
		return;
	fprintf(stderr, "%s: ", log_prefix);
	va_start(ap, fmt);
	human_vfprintf(stderr, fmt, ap);
	va_end(ap);
}

static int libbpf_print(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	/* libbpf WARN shows with -v (our DEBUG), its INFO and DEBUG with -vv (TRACE). */
	enum log_level ours = level == LIBBPF_WARN ? LOG_DEBUG : LOG_TRACE;

	if (ours > log_level)
		return 0;
	/* libbpf starts its lines with "libbpf: " itself. */
	fprintf(stderr, "%s: ", log_prefix);
	return vfprintf(stderr, fmt, ap);
}

void log_setup_libbpf(void)
{
	libbpf_set_print(libbpf_print);
}

void log_set_verbosity(unsigned int n)
{
	log_level = n >= LOG_TRACE - LOG_INFO ? LOG_TRACE : (enum log_level)(LOG_INFO + n);
}
