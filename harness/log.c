#include <stdarg.h>
#include <bpf/libbpf.h>

#include "log.h"

enum log_level log_level = LOG_INFO;
const char *log_prefix = "xskns";

void log_msg(enum log_level level, const char *fmt, ...)
{
	va_list ap;

	if (level > log_level)
		return;
	fprintf(stderr, "%s: ", log_prefix);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
}

static int libbpf_print(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	/* libbpf WARN shows at our DEBUG, its INFO and DEBUG only with -vv. */
	enum log_level ours = level == LIBBPF_WARN ? LOG_DEBUG : LOG_DEBUG + 1;

	if (ours > log_level)
		return 0;
	fprintf(stderr, "%s: libbpf: ", log_prefix);
	return vfprintf(stderr, fmt, ap);
}

void log_setup_libbpf(void)
{
	libbpf_set_print(libbpf_print);
}
